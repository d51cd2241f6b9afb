"""A tiny random-weight Wan, built in code and saved like a real checkpoint.

The parts keep the released layout (UMT5 text encoder and T5 tokenizer; ``AutoencoderKLWan`` with 16
latent channels, the released ``latents_mean``/``latents_std``, stride 8 and time compression 4;
``WanTransformer3DModel`` with patch (1, 2, 2); the released ``UniPCMultistepScheduler`` flow
settings), only a few channels wide. Three kinds:

- ``"t2v"``: Wan 2.1 text-to-video (16 input channels).
- ``"i2v"``: Wan 2.1 image-to-video: 36 input channels (latents, first-frame mask, image latents), a
  ``CLIPVisionModel`` image encoder with its ``CLIPImageProcessor``, image tokens read through added
  key/value projections.
- ``"i2v-2.2"``: Wan 2.2 image-to-video: no image encoder, a high-noise ``transformer`` and a low-noise
  ``transformer_2`` split at ``boundary_ratio`` 0.9.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from render.diffusion.families.wan import FAMILY

TINY = dataclasses.replace(FAMILY, width=64, height=32, max_frames=9, steps=2)
"""`FAMILY` at a size and length a CPU renders in a second: 64x32, up to 9 frames, 2 steps."""

KINDS = ("t2v", "i2v", "i2v-2.2")

WORDS = ("a", "the", "of", "in", "and", "man", "woman", "girl", "boy", "dog", "cat", "red", "blue",
         "walks", "runs", "street", "room", "night", "day", "light", "rain", "city", "sea", "sky")
"""Whole words of the tiny vocabulary; anything else is spelled out letter by letter."""

TEXT_DIM = 32
IMAGE_DIM = 8
HEADS, HEAD_DIM = 2, 12
LATENT_GAIN = 20.0
DECODER_DIM = 8
"""A random VAE encodes every picture alike and decodes any latents to nearly the same frames, which
would hide whether a picture reaches the output at all. So the tiny VAE's encoder has no conv biases
(they drown the picture), its latents are scaled by `LATENT_GAIN` to the spread the released
``latents_mean``/``latents_std`` expect, and its decoder is `DECODER_DIM` channels wide against the
encoder's 3.
"""


def build(folder: Path, kind: str = "t2v") -> Path:
    """Save a tiny random Wan pipeline (``"t2v"``, ``"i2v"`` or ``"i2v-2.2"``) into ``folder``; return it.

    Raises:
        ValueError: for a kind not in `KINDS`.
    """
    import diffusers
    import torch
    from transformers import UMT5Config, UMT5EncoderModel

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    tokenizer = _tokenizer()
    torch.manual_seed(0)
    text_encoder = UMT5EncoderModel(UMT5Config(
        vocab_size=len(tokenizer), d_model=TEXT_DIM, d_kv=8, d_ff=37, num_layers=1, num_heads=4,
        relative_attention_num_buckets=8, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    )).eval()
    vae = _vae()
    scheduler = diffusers.UniPCMultistepScheduler(
        prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=3.0, num_train_timesteps=1000,
    )
    parts = {"tokenizer": tokenizer, "text_encoder": text_encoder, "vae": vae, "scheduler": scheduler}
    if kind == "t2v":
        pipe = getattr(diffusers, TINY.t2v_pipeline)(transformer=_transformer(in_channels=16), **parts)
    elif kind == "i2v":
        from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModel

        torch.manual_seed(0)
        image_encoder = CLIPVisionModel(CLIPVisionConfig(
            hidden_size=IMAGE_DIM, intermediate_size=16, num_hidden_layers=2, num_attention_heads=2,
            image_size=32, patch_size=8, projection_dim=IMAGE_DIM,
        )).eval()
        image_processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
        transformer = _transformer(in_channels=36, image_dim=IMAGE_DIM, added_kv_proj_dim=HEADS * HEAD_DIM)
        pipe = getattr(diffusers, TINY.i2v_pipeline)(
            transformer=transformer, image_encoder=image_encoder, image_processor=image_processor, **parts)
    else:
        pipe = getattr(diffusers, TINY.i2v_pipeline)(
            transformer=_transformer(in_channels=36), transformer_2=_transformer(in_channels=36, seed=1),
            boundary_ratio=0.9, **parts)
    pipe.save_pretrained(folder)
    return Path(folder)


def _vae():
    import diffusers
    import torch

    torch.manual_seed(0)
    vae = diffusers.AutoencoderKLWan(
        base_dim=3, decoder_base_dim=DECODER_DIM, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
        temperal_downsample=[False, True, True],
    ).eval()
    with torch.no_grad():
        for module in vae.encoder.modules():
            if isinstance(module, torch.nn.Conv3d) and module.bias is not None:
                module.bias.zero_()
        vae.quant_conv.weight.mul_(LATENT_GAIN)
        vae.quant_conv.bias.mul_(LATENT_GAIN)
    return vae


def _transformer(*, in_channels: int, seed: int = 0, **extra):
    import diffusers
    import torch

    torch.manual_seed(seed)
    return diffusers.WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=HEADS, attention_head_dim=HEAD_DIM, in_channels=in_channels,
        out_channels=16, text_dim=TEXT_DIM, freq_dim=256, ffn_dim=32, num_layers=2, cross_attn_norm=True,
        qk_norm="rms_norm_across_heads", rope_max_seq_len=32, **extra,
    ).eval()


def _tokenizer():
    from transformers import T5Tokenizer

    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,'-")
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    vocab += [(f"▁{word}", -1.0) for word in WORDS] + [(char, -5.0) for char in letters]
    return T5Tokenizer(vocab=vocab, extra_ids=0)
