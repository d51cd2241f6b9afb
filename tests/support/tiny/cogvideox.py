"""A tiny random-weight CogVideoX, built in code and saved like a real checkpoint.

The parts keep the real layout (T5 text encoder and tokenizer, ``AutoencoderKLCogVideoX`` with VAE
stride 8 and time compression 4, ``CogVideoXTransformer3DModel`` with patch size 2, the released
scheduler settings), only a few channels wide. The T2V transformer is the 2b kind (sin-cos position
embeddings, DDIM); the I2V one the 5b-I2V kind (image latents concatenated, so twice the input
channels; rotary and *learned* position embeddings sized for `TINY`'s 32x16 and 17 frames; DPM).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from render.diffusion.families.cogvideox import FAMILY

TINY = dataclasses.replace(FAMILY, width=32, height=16, max_frames=17, steps=2)
"""`FAMILY` at a size and length a CPU renders in a second: 32x16 (the I2V transformer's learned
position table is sized for it), up to 17 frames (five latent frames), 2 steps."""

WORDS = ("a", "the", "of", "in", "and", "man", "woman", "girl", "boy", "dog", "cat", "red", "blue",
         "walks", "runs", "street", "room", "night", "day", "light", "rain", "city", "sea", "sky")
"""Whole words of the tiny vocabulary; anything else is spelled out letter by letter."""

TEXT_DIM = 32
TEXT_LENGTH = 226  # the pipelines' max_sequence_length; sized into the transformer's position table


def build(folder: Path, kind: str = "t2v") -> Path:
    """Save a tiny random CogVideoX pipeline (``"t2v"`` or ``"i2v"``) into ``folder`` and return it.

    Raises:
        ValueError: for a kind other than ``"t2v"`` or ``"i2v"``.
    """
    import diffusers
    import torch
    from transformers import T5Config, T5EncoderModel

    if kind not in ("t2v", "i2v"):
        raise ValueError(f"kind must be 't2v' or 'i2v', got {kind!r}")
    i2v = kind == "i2v"
    tokenizer = _tokenizer()
    torch.manual_seed(0)
    text_encoder = T5EncoderModel(T5Config(
        vocab_size=len(tokenizer), d_model=TEXT_DIM, d_kv=8, d_ff=37, num_layers=1, num_heads=4,
        relative_attention_num_buckets=8, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )).eval()
    torch.manual_seed(0)
    vae = diffusers.AutoencoderKLCogVideoX(
        down_block_types=("CogVideoXDownBlock3D",) * 4, up_block_types=("CogVideoXUpBlock3D",) * 4,
        block_out_channels=(8, 8, 8, 8), latent_channels=4, layers_per_block=1, norm_num_groups=2,
        temporal_compression_ratio=4, sample_height=TINY.height, sample_width=TINY.width,
    ).eval()
    torch.manual_seed(0)
    transformer = diffusers.CogVideoXTransformer3DModel(
        num_attention_heads=2, attention_head_dim=16, in_channels=8 if i2v else 4, out_channels=4,
        time_embed_dim=2, text_embed_dim=TEXT_DIM, num_layers=1, sample_width=TINY.width // 8,
        sample_height=TINY.height // 8, sample_frames=TINY.max_frames, patch_size=2, temporal_compression_ratio=4,
        max_text_seq_length=TEXT_LENGTH, use_rotary_positional_embeddings=i2v, use_learned_positional_embeddings=i2v,
    ).eval()
    scheduler_class = diffusers.CogVideoXDPMScheduler if i2v else diffusers.CogVideoXDDIMScheduler
    scheduler = scheduler_class(
        beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012, clip_sample=False,
        prediction_type="v_prediction", rescale_betas_zero_snr=True, set_alpha_to_one=True,
        snr_shift_scale=1.0 if i2v else 3.0, timestep_spacing="trailing",
    )
    pipeline_class = getattr(diffusers, TINY.i2v_pipeline if i2v else TINY.t2v_pipeline)
    pipe = pipeline_class(tokenizer=tokenizer, text_encoder=text_encoder, vae=vae, transformer=transformer,
                          scheduler=scheduler)
    pipe.save_pretrained(folder)
    return Path(folder)


def _tokenizer():
    from transformers import T5Tokenizer

    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,'-")
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [(f"▁{word}", -1.0) for word in WORDS] + [(char, -5.0) for char in letters]
    return T5Tokenizer(vocab=vocab, extra_ids=0)
