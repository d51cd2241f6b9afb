"""Wan 2.1 / 2.2 (Alibaba): ``WanPipeline`` for text-to-video, ``WanImageToVideoPipeline`` for image-to-video.

Where each constraint comes from (diffusers 0.42, ``pipelines/wan`` and ``models/autoencoders``):

- ``frame_step`` 4: ``AutoencoderKLWan`` compresses time by ``scale_factor_temporal=4`` (its first frame
  alone), and both pipelines round ``num_frames`` to ``4k + 1``.
- ``max_frames`` 81, ``fps`` 16: the pipelines' default ``num_frames=81``; their examples export at
  ``fps=16`` (about five seconds a clip).
- ``width x height`` 832x480: the pipelines' defaults, the size of the 480P checkpoints.
- ``multiple`` 16: the VAE's ``scale_factor_spatial=8`` times the transformer's spatial patch 2; the
  image-to-video pipeline rejects other sizes.
- ``steps`` 50, ``guidance`` 5.0: the pipelines' ``__call__`` defaults.
- ``negative_prompt``: the English negative prompt of the pipelines' own examples.
- Checkpoints: the 1.3B text-to-video model and the 14B 480P image-to-video model, which has a CLIP
  image encoder; a Wan 2.2 image-to-video folder (no image encoder, two experts) loads
  with the same pipeline class.

`still_latents` inverts what the pipelines do before decoding (``latents / (1 / std) + mean``): it
encodes the picture as a one-frame video with the VAE (posterior mode, as the image-to-video pipeline
encodes its conditioning frame) and normalises with ``vae.config.latents_mean`` / ``latents_std``.
``WanPipeline.prepare_latents`` takes ``latents`` as float32 on the execution device, so that is what
it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from render.diffusion.family import Family

NEGATIVE_PROMPT = (
    "Bright tones, overexposed, static, blurred details, subtitles, style, works, paintings, images, static, "
    "overall gray, worst quality, low quality, JPEG compression residue, ugly, incomplete, extra fingers, "
    "poorly drawn hands, poorly drawn faces, deformed, disfigured, misshapen limbs, fused fingers, still "
    "picture, messy background, three legs, many people in the background, walking backwards"
)
"""The negative prompt of the diffusers Wan examples (an English rendering of Wan's own)."""


@dataclass(frozen=True)
class WanFamily(Family):
    """The Wan family: the shared call works as is; a picture's latents come from ``AutoencoderKLWan``."""

    def still_latents(self, pipe: Any, image: Any, generator: Any) -> Any:
        """Normalised VAE latents of ``image`` as one frame: ``(1, z_dim, 1, height / 8, width / 8)``, float32.

        Args:
            pipe: A loaded `WanPipeline` (any pipeline with a Wan VAE and ``video_processor``).
            image: A PIL RGB image at the render size.
            generator: Unused: the VAE posterior's mode is taken, as Wan's image-to-video pipeline does.

        Returns:
            A float32 tensor on the pipeline's execution device, which ``WanPipeline.prepare_latents``
            passes on without a copy.
        """
        import torch
        from diffusers.utils.torch_utils import get_module_execution_device

        vae = pipe.vae
        width, height = image.size
        pixels = pipe.video_processor.preprocess(image, height=height, width=width)  # (1, 3, H, W) in [-1, 1]
        pixels = pixels.unsqueeze(2).to(device=get_module_execution_device(vae), dtype=vae.dtype)
        with torch.no_grad():
            encoded = vae.encode(pixels).latent_dist.mode()
        device = pipe._execution_device
        shape = (1, vae.config.z_dim, 1, 1, 1)
        mean = torch.tensor(vae.config.latents_mean, dtype=torch.float32, device=device).view(shape)
        std = torch.tensor(vae.config.latents_std, dtype=torch.float32, device=device).view(shape)
        return ((encoded.to(device=device, dtype=torch.float32) - mean) / std).contiguous()


FAMILY = WanFamily(
    name="wan",
    title="Wan 2.1",
    t2v_pipeline="WanPipeline",
    i2v_pipeline="WanImageToVideoPipeline",
    t2v_model="Wan-AI/Wan2.1-T2V-1.3B-Diffusers",
    i2v_model="Wan-AI/Wan2.1-I2V-14B-480P-Diffusers",
    frame_step=4,
    max_frames=81,
    fps=16,
    width=832,
    height=480,
    multiple=16,
    steps=50,
    guidance=5.0,
    negative_prompt=NEGATIVE_PROMPT,
)
"""Wan 2.1: the 1.3B text-to-video model, the 14B 480P image-to-video model."""
