"""A tiny random-weight LTX-Video, built in code and saved like a real checkpoint.

The parts keep the real layout: T5 text encoder and tokenizer, ``AutoencoderKLLTXVideo`` with patch
size 4 and three spatio-temporal downsamplings (so the real strides: 32 in space, 8 in time, hence
`FAMILY`'s ``multiple`` and ``frame_step`` hold unchanged), ``LTXVideoTransformer3DModel`` with patch
size 1, and the flow-matching scheduler with dynamic shifting; only a few channels wide. Both
kinds share the same weights, as the real checkpoint drives both pipelines.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from render.diffusion.families.ltx import FAMILY

TINY = dataclasses.replace(FAMILY, width=64, height=32, max_frames=17, steps=2)
"""`FAMILY` at a size and length a CPU renders in well under a second: 64x32, up to 17 frames, 2 steps."""

WORDS = ("a", "the", "of", "in", "on", "at", "and", "man", "woman", "girl", "boy", "dog", "cat", "red",
         "blue", "walks", "runs", "looks", "street", "room", "night", "day", "light", "rain", "city", "sky")
"""Whole words of the tiny vocabulary; anything else is spelled out letter by letter."""

TEXT_DIM = 32
LATENT_CHANNELS = 8


def build(folder: Path, kind: str = "t2v") -> Path:
    """Save a tiny random LTX-Video pipeline (``"t2v"`` or ``"i2v"``) into ``folder`` and return it.

    Raises:
        ValueError: for a kind other than ``"t2v"`` or ``"i2v"``.
    """
    import diffusers
    import torch
    from transformers import T5Config, T5EncoderModel

    if kind not in ("t2v", "i2v"):
        raise ValueError(f"kind must be 't2v' or 'i2v', got {kind!r}")
    tokenizer = _tokenizer()
    torch.manual_seed(0)
    text_encoder = T5EncoderModel(T5Config(
        vocab_size=len(tokenizer), d_model=TEXT_DIM, d_kv=8, d_ff=37, num_layers=1, num_heads=4,
        relative_attention_num_buckets=8, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )).eval()
    torch.manual_seed(0)
    vae = diffusers.AutoencoderKLLTXVideo(
        latent_channels=LATENT_CHANNELS, block_out_channels=(8, 8, 8, 8), decoder_block_out_channels=(8, 8, 8, 8),
        layers_per_block=(1, 1, 1, 1, 1), decoder_layers_per_block=(1, 1, 1, 1, 1),
        spatio_temporal_scaling=(True, True, True, False), decoder_spatio_temporal_scaling=(True, True, True, False),
        patch_size=4, patch_size_t=1, encoder_causal=True, decoder_causal=False,
    ).eval()
    with torch.no_grad():  # a latent space that is not centred and unit-scaled, as the real one isn't
        vae.latents_mean.copy_(torch.linspace(-0.2, 0.2, LATENT_CHANNELS))
        vae.latents_std.copy_(torch.linspace(0.5, 1.5, LATENT_CHANNELS))
    torch.manual_seed(0)
    transformer = diffusers.LTXVideoTransformer3DModel(
        in_channels=LATENT_CHANNELS, out_channels=LATENT_CHANNELS, patch_size=1, patch_size_t=1,
        num_attention_heads=4, attention_head_dim=8, cross_attention_dim=32, num_layers=1, caption_channels=TEXT_DIM,
    ).eval()
    scheduler = diffusers.FlowMatchEulerDiscreteScheduler(
        use_dynamic_shifting=True, base_shift=0.95, max_shift=2.05, base_image_seq_len=1024,
        max_image_seq_len=4096, shift_terminal=0.1,
    )
    pipeline_class = getattr(diffusers, TINY.i2v_pipeline if kind == "i2v" else TINY.t2v_pipeline)
    pipe = pipeline_class(tokenizer=tokenizer, text_encoder=text_encoder, vae=vae, transformer=transformer,
                          scheduler=scheduler)
    pipe.save_pretrained(folder)
    return Path(folder)


def _tokenizer():
    from transformers import T5Tokenizer

    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,'-")
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [(f"▁{word}", -1.0) for word in WORDS] + [(char, -5.0) for char in letters]
    return T5Tokenizer(vocab=vocab, extra_ids=0, model_max_length=128)
