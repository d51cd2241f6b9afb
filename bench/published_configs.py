"""The published architectures of the four families, built in code with random weights (no downloads).

Every size below is the released checkpoint's, taken from where it is published:

- Wan 2.1 T2V 1.3B: ``Wan-AI/Wan2.1-T2V-1.3B-Diffusers`` (transformer and VAE config.json), as
  huggingface/diffusers ``scripts/convert_wan_to_diffusers.py`` writes them ("Wan-T2V-1.3B"; the VAE
  is ``AutoencoderKLWan()``, scheduler ``flow_shift`` 3.0); text encoder ``google/umt5-xxl``.
- LTX-Video 0.9.0 (2B): ``Lightricks/LTX-Video``, as ``scripts/convert_ltx_to_diffusers.py`` writes
  it (``LTXVideoTransformer3DModel()``, ``get_vae_config("0.9.0")``, its flow-matching scheduler);
  text encoder ``google/t5-v1_1-xxl``.
- CogVideoX-2b: ``THUDM/CogVideoX-2b``, as ``scripts/convert_cogvideox_to_diffusers.py`` writes it
  (30 layers, 30 heads, no RoPE, VAE ``scaling_factor`` 1.15258426, its DDIM scheduler); T5-XXL.
- HunyuanVideo: ``hunyuanvideo-community/HunyuanVideo``, as ``scripts/convert_hunyuan_video_to_diffusers.py``
  writes it (``HunyuanVideoTransformer3DModel()``, ``AutoencoderKLHunyuanVideo()``, ``shift`` 7.0);
  text encoders: the Llama 3 8B text model of ``xtuner/llava-llama-3-8b-v1_1`` (its config.json:
  vocab 128320) and ``openai/clip-vit-large-patch14``'s text model.

Tokenizers are the tiny test ones (`tests.support.tiny`): small vocabularies built in code, whose ids
all fall inside the real vocabularies; the Llama one reproduces the prompt templates' token counts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FAMILIES = ("wan", "ltx", "cogvideox", "hunyuan")
BILLION = 1e9


@dataclass(frozen=True)
class Claim:
    """A published speed (and memory) figure for one family: ``seconds`` for ``frames`` at ``fps``."""

    text: str
    seconds: float | None = None
    frames: int = 0
    fps: int = 1

    @property
    def gpu_s_per_film_s(self) -> float | None:
        """Seconds of GPU per second of film, when the claim gives a time."""
        return None if self.seconds is None else self.seconds / (self.frames / self.fps)


CLAIMS = {
    "wan": Claim("Wan2.1-T2V-1.3B: ~4 min for 5 s of 480p on an RTX 4090; 8.19 GB VRAM (Wan 2.1 README)", 240, 81, 16),
    "ltx": Claim("LTX-Video: ~2 s for 5 s of 768x512 on one H100 (Lightricks)", 2, 121, 24),
    "cogvideox": Claim("CogVideoX-2b: ~45 s on an H100 for 49 frames at 720x480, 50 steps (model card)", 45, 49, 8),
    "hunyuan": Claim("HunyuanVideo: 60 GB peak GPU memory for 1280x720, 129 frames (README); no H100 time given"),
}
"""The published speed figures the measured ones are printed next to."""

T5_XXL = {"vocab_size": 32128, "d_model": 4096, "d_kv": 64, "d_ff": 10240, "num_layers": 24, "num_heads": 64,
          "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,
          "feed_forward_proj": "gated-gelu", "layer_norm_epsilon": 1e-6, "tie_word_embeddings": False}
"""google/t5-v1_1-xxl config.json (LTX-Video, CogVideoX)."""

UMT5_XXL = {**T5_XXL, "vocab_size": 256384}
"""google/umt5-xxl config.json (Wan): T5-XXL's shape with a 256k vocabulary."""

PUBLISHED = {
    ("wan", "transformer"): (1.3, "Wan2.1-T2V-1.3B (its name)"),
    ("wan", "vae"): (0.127, "Wan-VAE (Wan 2.1 report)"),
    ("wan", "text_encoder"): (5.7, "UMT5-XXL encoder"),
    ("ltx", "transformer"): (1.9, "LTX-Video 2B transformer"),
    ("ltx", "text_encoder"): (4.7, "T5-XXL encoder"),
    ("cogvideox", "transformer"): (1.7, "CogVideoX-2b transformer"),
    ("cogvideox", "text_encoder"): (4.7, "T5-XXL encoder"),
    ("hunyuan", "transformer"): (12.8, "HunyuanVideo transformer"),
    ("hunyuan", "text_encoder"): (7.5, "Llama-3-8B without lm_head"),
    ("hunyuan", "text_encoder_2"): (0.123, "CLIP ViT-L/14 text model"),
}
"""Published parameter counts, in billions, for the parts that have one."""


def _wan() -> dict[str, Callable[[], Any]]:
    import diffusers
    from transformers import UMT5Config, UMT5EncoderModel

    return {
        "transformer": lambda: diffusers.WanTransformer3DModel(
            patch_size=(1, 2, 2), num_attention_heads=12, attention_head_dim=128, in_channels=16, out_channels=16,
            text_dim=4096, freq_dim=256, ffn_dim=8960, num_layers=30, cross_attn_norm=True,
            qk_norm="rms_norm_across_heads", eps=1e-6, image_dim=None, added_kv_proj_dim=None, rope_max_seq_len=1024),
        "vae": lambda: diffusers.AutoencoderKLWan(
            base_dim=96, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
            temperal_downsample=[False, True, True]),
        "text_encoder": lambda: UMT5EncoderModel(UMT5Config(**UMT5_XXL)),
    }


def _ltx() -> dict[str, Callable[[], Any]]:
    import diffusers
    from transformers import T5Config, T5EncoderModel

    return {
        "transformer": lambda: diffusers.LTXVideoTransformer3DModel(
            in_channels=128, out_channels=128, patch_size=1, patch_size_t=1, num_attention_heads=32,
            attention_head_dim=64, cross_attention_dim=2048, num_layers=28, activation_fn="gelu-approximate",
            qk_norm="rms_norm_across_heads", norm_elementwise_affine=False, norm_eps=1e-6, caption_channels=4096,
            attention_bias=True, attention_out_bias=True),
        "vae": lambda: diffusers.AutoencoderKLLTXVideo(
            in_channels=3, out_channels=3, latent_channels=128, block_out_channels=(128, 256, 512, 512),
            decoder_block_out_channels=(128, 256, 512, 512), layers_per_block=(4, 3, 3, 3, 4),
            decoder_layers_per_block=(4, 3, 3, 3, 4), spatio_temporal_scaling=(True, True, True, False),
            decoder_spatio_temporal_scaling=(True, True, True, False),
            decoder_inject_noise=(False, False, False, False, False), upsample_residual=(False, False, False, False),
            upsample_factor=(1, 1, 1, 1), patch_size=4, patch_size_t=1, resnet_norm_eps=1e-6, scaling_factor=1.0,
            encoder_causal=True, decoder_causal=False, timestep_conditioning=False),
        "text_encoder": lambda: T5EncoderModel(T5Config(**T5_XXL)),
    }


def _cogvideox() -> dict[str, Callable[[], Any]]:
    import diffusers
    from transformers import T5Config, T5EncoderModel

    return {
        "transformer": lambda: diffusers.CogVideoXTransformer3DModel(
            num_attention_heads=30, attention_head_dim=64, in_channels=16, out_channels=16, time_embed_dim=512,
            text_embed_dim=4096, num_layers=30, sample_width=90, sample_height=60, sample_frames=49, patch_size=2,
            temporal_compression_ratio=4, max_text_seq_length=226, use_rotary_positional_embeddings=False,
            use_learned_positional_embeddings=False),
        "vae": lambda: diffusers.AutoencoderKLCogVideoX(
            block_out_channels=(128, 256, 256, 512), latent_channels=16, layers_per_block=3, norm_num_groups=32,
            temporal_compression_ratio=4, sample_height=480, sample_width=720, scaling_factor=1.15258426),
        "text_encoder": lambda: T5EncoderModel(T5Config(**T5_XXL)),
    }


def _hunyuan() -> dict[str, Callable[[], Any]]:
    import diffusers
    from transformers import CLIPTextConfig, CLIPTextModel, LlamaConfig, LlamaModel

    from tests.support.tiny import hunyuan as tiny

    tokenizer, tokenizer_2 = tiny._llama_tokenizer(), tiny._clip_tokenizer()
    return {
        "transformer": lambda: diffusers.HunyuanVideoTransformer3DModel(
            in_channels=16, out_channels=16, num_attention_heads=24, attention_head_dim=128, num_layers=20,
            num_single_layers=40, num_refiner_layers=2, mlp_ratio=4.0, patch_size=2, patch_size_t=1,
            qk_norm="rms_norm", guidance_embeds=True, text_embed_dim=4096, pooled_projection_dim=768,
            rope_theta=256.0, rope_axes_dim=(16, 56, 56)),
        "vae": lambda: diffusers.AutoencoderKLHunyuanVideo(
            latent_channels=16, block_out_channels=(128, 256, 512, 512), layers_per_block=2, norm_num_groups=32,
            scaling_factor=0.476986, spatial_compression_ratio=8, temporal_compression_ratio=4,
            mid_block_add_attention=True),
        "text_encoder": lambda: LlamaModel(LlamaConfig(
            vocab_size=128320, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
            num_attention_heads=32, num_key_value_heads=8, hidden_act="silu", max_position_embeddings=8192,
            rms_norm_eps=1e-5, rope_parameters={"rope_type": "default", "rope_theta": 500000.0},
            attention_bias=False, mlp_bias=False, bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)),
        "text_encoder_2": lambda: CLIPTextModel(CLIPTextConfig(
            vocab_size=49408, hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
            max_position_embeddings=77, hidden_act="quick_gelu", projection_dim=768, layer_norm_eps=1e-5,
            bos_token_id=tokenizer_2.bos_token_id, eos_token_id=tokenizer_2.eos_token_id,
            pad_token_id=tokenizer_2.pad_token_id)),
        "tokenizer": lambda: tokenizer,
        "tokenizer_2": lambda: tokenizer_2,
    }


def _scheduler(name: str) -> Any:
    import diffusers

    if name == "wan":
        return diffusers.UniPCMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True,
                                                 flow_shift=3.0, num_train_timesteps=1000)
    if name == "ltx":
        return diffusers.FlowMatchEulerDiscreteScheduler(use_dynamic_shifting=True, base_shift=0.95, max_shift=2.05,
                                                         base_image_seq_len=1024, max_image_seq_len=4096,
                                                         shift_terminal=0.1)
    if name == "cogvideox":
        return diffusers.CogVideoXDDIMScheduler(
            snr_shift_scale=3.0, beta_end=0.012, beta_schedule="scaled_linear", beta_start=0.00085, clip_sample=False,
            num_train_timesteps=1000, prediction_type="v_prediction", rescale_betas_zero_snr=True,
            set_alpha_to_one=True, timestep_spacing="trailing")
    return diffusers.FlowMatchEulerDiscreteScheduler(shift=7.0)


def parts(name: str) -> dict[str, Callable[[], Any]]:
    """Constructors of family ``name``'s parts (models and tokenizers), each called later under a device context.

    Raises:
        ValueError: for a name not in `FAMILIES`.
    """
    if name not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, got {name!r}")
    builders = {"wan": _wan, "ltx": _ltx, "cogvideox": _cogvideox, "hunyuan": _hunyuan}[name]()
    if "tokenizer" not in builders:  # the T5 families: the tiny module's T5 tokenizer
        import importlib

        tiny = importlib.import_module(f"tests.support.tiny.{name}")
        builders["tokenizer"] = tiny._tokenizer
    return builders


@contextlib.contextmanager
def _default_dtype(dtype: Any):
    import torch

    before = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(before)


def build(name: str, device: str, dtype: str = "bfloat16", seed: int = 0) -> dict[str, Any]:
    """Family ``name``'s pipeline components at the published sizes, with random weights on ``device``.

    On ``meta`` nothing is allocated (for counting parameters). Elsewhere each model is built as
    ``from_pretrained(torch_dtype=dtype)`` builds it (the default dtype set to ``dtype``, parameters
    on ``meta``, no weight init), then its parameters are made directly on ``device``: normal(0, 0.02)
    matrices, unit norm scales, zero biases, in ``dtype`` except the class's keep-in-fp32 modules.
    """
    import torch
    from accelerate import init_empty_weights

    torch_dtype = getattr(torch, dtype)
    out: dict[str, Any] = {"scheduler": _scheduler(name)}
    for index, (part, make) in enumerate(parts(name).items()):
        if part.startswith("tokenizer"):
            out[part] = make()
            continue
        empty = torch.device("meta") if device == "meta" else init_empty_weights(include_buffers=False)
        with _default_dtype(torch_dtype), empty:
            model = make()
        if device != "meta":
            torch.manual_seed(seed + index)
            _materialize(model, torch.device(device), torch_dtype, seed + index)
        out[part] = model.eval()
    return out


def _materialize(model: Any, device: Any, dtype: Any, seed: int) -> None:
    """Give every meta parameter of ``model`` random values on ``device``; move its buffers there."""
    import torch

    keep = _fp32_modules(model, dtype)
    generator = torch.Generator(device).manual_seed(seed)
    made: dict[int, torch.nn.Parameter] = {}
    for name, param in model.named_parameters(remove_duplicate=False):  # tied weights stay tied
        owner, _, attr = name.rpartition(".")
        if id(param) not in made:
            fp32 = any(part in keep for part in name.split("."))
            data = torch.empty(param.shape, dtype=torch.float32 if fp32 else dtype, device=device)
            if data.ndim >= 2:
                data.normal_(0.0, 0.02, generator=generator)
            else:
                data.fill_(0.0 if attr == "bias" else 1.0)
            made[id(param)] = torch.nn.Parameter(data, requires_grad=False)
        model.get_submodule(owner)._parameters[attr] = made[id(param)]
    model.to(device)


def _fp32_modules(model: Any, dtype: Any) -> set[str]:
    """The modules ``from_pretrained`` keeps in float32 at ``dtype``: diffusers' always, transformers' by its rules."""
    import torch

    if hasattr(model, "_keep_in_fp32_modules_strict"):  # transformers: the plain list guards float16 only
        names = set(model._keep_in_fp32_modules_strict or [])
        return names | set(model._keep_in_fp32_modules or []) if dtype == torch.float16 else names
    return set(getattr(model, "_keep_in_fp32_modules", None) or [])


def count(model: Any) -> int:
    """Parameters of ``model`` (tied ones once)."""
    return sum(p.numel() for p in model.parameters())
