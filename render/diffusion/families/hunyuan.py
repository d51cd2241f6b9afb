"""HunyuanVideo (Tencent, 13B): text-to-video, and image-to-video from its own I2V checkpoint.

Where each constraint comes from (diffusers 0.42, ``pipelines/hunyuan_video``):

- Pipelines: ``HunyuanVideoPipeline`` (``hunyuanvideo-community/HunyuanVideo``) and
  ``HunyuanVideoImageToVideoPipeline`` (``hunyuanvideo-community/HunyuanVideo-I2V``). The I2V
  checkpoint is a different model (its text encoder is a Llava that also reads the image, its
  16-channel transformer replaces the first frame's tokens: ``image_condition_type="token_replace"``),
  so it is loaded on its own, not with ``from_pipe``. The ``-33ch`` variant (``latent_concat``) is not
  the default: it returns 4 frames fewer than asked and wants ``guidance_scale`` 1 (the pipeline's example).
- ``frame_step`` 4: ``AutoencoderKLHunyuanVideo`` compresses time 4x; ``prepare_latents`` makes
  ``(num_frames - 1) // 4 + 1`` latent frames, so counts are ``4k + 1``.
- ``max_frames`` 129, 1280x720, 50 steps: the defaults of both pipelines' ``__call__``; guidance 6.0:
  the T2V default, and what the I2V pipeline's example passes for ``HunyuanVideo-I2V``.
- ``fps`` 24: Tencent's ``sample_video.py`` saves its samples at 24 fps (129 frames = 5.4 s).
- ``multiple`` 16: ``check_inputs`` raises unless height and width are multiples of 16 (VAE stride 8
  times patch 2).
- Guidance: HunyuanVideo is guidance-distilled; ``guidance_scale`` is *embedded* (fed to the
  transformer as a condition, one pass per step). A negative prompt only acts with
  ``true_cfg_scale > 1``, which doubles the transformer passes. The default keeps the cheap path
  (``true_cfg_scale`` 1: the negative prompt is dropped, as the pipeline would ignore it anyway);
  a family with ``true_cfg_scale > 1`` passes both (an empty negative prompt is plain CFG).
- Prompt template: neither call passes ``prompt_template``; the pipelines' defaults (and their
  ``crop_start`` token counts) are written for the checkpoints' own Llama 3 tokenizer.
- Still latents: the T2V ``prepare_latents`` returns given latents as ``.to(device, float32)``; the
  layout is the VAE's ``(batch, channels, frames, height / 8, width / 8)``, unpacked, scaled by
  ``vae.config.scaling_factor`` (the pipeline divides by it before decoding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from render.diffusion.family import Family


@dataclass(frozen=True)
class HunyuanFamily(Family):
    """HunyuanVideo's call options and still latents.

    Attributes:
        true_cfg_scale: True classifier-free guidance; above 1 the negative prompt is used, at
            twice the transformer cost per step. 1 (the pipelines' default) drops it.
    """

    true_cfg_scale: float = 1.0

    def call_kwargs(self, kwargs: dict[str, Any], *, image: bool) -> dict[str, Any]:
        """The shared arguments; the negative prompt goes only with true guidance (an empty one included)."""
        out = dict(kwargs)
        if self.true_cfg_scale > 1.0:
            out["true_cfg_scale"] = self.true_cfg_scale
            out.setdefault("negative_prompt", "")
        else:
            out.pop("negative_prompt", None)
        return out

    def still_latents(self, pipe: Any, image: Any, generator: Any) -> Any:
        """The image's VAE latents (its mode, as the I2V pipeline takes them), scaled, float32."""
        import torch

        device = pipe._execution_device
        pixels = pipe.video_processor.preprocess(image, image.height, image.width)
        pixels = pixels.unsqueeze(2).to(device=device, dtype=pipe.vae.dtype)  # one frame: B, C, 1, H, W
        with torch.no_grad():
            latents = pipe.vae.encode(pixels).latent_dist.mode()
        return latents.to(dtype=torch.float32) * pipe.vae.config.scaling_factor


FAMILY = HunyuanFamily(
    name="hunyuan",
    title="HunyuanVideo (Tencent, 13B)",
    t2v_pipeline="HunyuanVideoPipeline",
    i2v_pipeline="HunyuanVideoImageToVideoPipeline",
    t2v_model="hunyuanvideo-community/HunyuanVideo",
    i2v_model="hunyuanvideo-community/HunyuanVideo-I2V",
    frame_step=4,
    max_frames=129,
    fps=24,
    width=1280,
    height=720,
    multiple=16,
    steps=50,
    guidance=6.0,
)
