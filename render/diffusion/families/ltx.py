"""LTX-Video (Lightricks): text-to-video and image-to-video from one checkpoint.

Where each constraint comes from:

- Pipelines: ``LTXPipeline`` and ``LTXImageToVideoPipeline`` (diffusers ``pipelines/ltx``) take the same
  five components (T5 encoder and tokenizer, ``LTXVideoTransformer3DModel``,
  ``AutoencoderKLLTXVideo``, flow-matching scheduler), so ``Lightricks/LTX-Video`` drives both and the
  image-to-video pipeline is made with ``from_pipe`` (``i2v_model=None``).
- ``frame_step`` 8: the VAE's ``temporal_compression_ratio`` (``patch_size_t * 2**3``); the pipelines
  keep ``(num_frames - 1) // 8 + 1`` latent frames, so counts are ``8k + 1``.
- ``multiple`` 32: the VAE's ``spatial_compression_ratio`` (``patch_size 4 * 2**3``);
  ``LTXPipeline.check_inputs`` raises unless height and width divide by 32.
- ``max_frames`` 257, ``width x height`` 768x512, ``fps`` 24: the LTX-Video model card and README
  ("24 FPS videos at 768x512"; "works best ... under 720x1280 and number of frames below 257");
  the diffusers examples render 704x480, also within those limits.
  The pipelines also take ``frame_rate`` (default 25), which scales the transformer's temporal RoPE,
  so `call_kwargs` passes the family's rate to keep the rendered motion timed as the frames are.
- ``steps`` 50, ``guidance`` 3.0: the defaults of ``LTXPipeline.__call__``.
- ``negative_prompt``: the one the ``LTXPipeline`` and ``LTXImageToVideoPipeline`` examples use.
- `still_latents`: ``LTXPipeline.prepare_latents`` returns given latents as
  ``latents.to(device, float32)``, packed ``[batch, frames * height * width, channels]`` and
  normalised (``_normalize_latents`` with the VAE's ``latents_mean``, ``latents_std`` and
  ``scaling_factor``, the inverse of what the pipeline does before decoding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from render.diffusion.family import Family


@dataclass(frozen=True)
class LTXFamily(Family):
    """LTX-Video: passes ``frame_rate`` and encodes stills into its packed, normalised latents."""

    def call_kwargs(self, kwargs: dict[str, Any], *, image: bool) -> dict[str, Any]:
        """The shared arguments plus ``frame_rate`` (the family's fps unless the caller gave one)."""
        return {"frame_rate": self.fps, **kwargs}

    def still_latents(self, pipe: Any, image: Any, generator: Any) -> Any:
        """Clean latents of one RGB image, packed and normalised as ``LTXPipeline`` takes them.

        Encodes like ``LTXImageToVideoPipeline.prepare_latents`` (a sample of the VAE's latent
        distribution, drawn with ``generator``), then normalises and packs like ``LTXPipeline``.

        Args:
            pipe: The loaded ``LTXPipeline``.
            image: A PIL RGB image at the render size.
            generator: The ``torch.Generator`` of the render.

        Returns:
            A float32 tensor ``[1, latent_height * latent_width, channels]`` on the pipeline's
            execution device.

        Raises:
            ValueError: when the image's sides are not multiples of the VAE's spatial compression.
        """
        import torch

        stride = pipe.vae_spatial_compression_ratio
        if image.width % stride or image.height % stride:
            raise ValueError(
                f"image must be a multiple of {stride} pixels on each side for {self.name}, "
                f"got {image.width}x{image.height}; pass it at the render size")
        device = pipe._execution_device
        vae = pipe.vae
        with torch.no_grad():
            pixels = pipe.video_processor.preprocess(image, height=image.height, width=image.width)
            pixels = pixels.to(device=device, dtype=vae.dtype).unsqueeze(2)  # [1, 3, 1, H, W]
            latents = vae.encode(pixels).latent_dist.sample(generator).to(torch.float32)
            latents = pipe._normalize_latents(latents, vae.latents_mean, vae.latents_std,
                                              vae.config.scaling_factor)
            latents = pipe._pack_latents(latents, pipe.transformer_spatial_patch_size,
                                         pipe.transformer_temporal_patch_size)
        return latents.to(device=device, dtype=torch.float32)


FAMILY = LTXFamily(
    name="ltx",
    title="LTX-Video",
    t2v_pipeline="LTXPipeline",
    i2v_pipeline="LTXImageToVideoPipeline",
    t2v_model="Lightricks/LTX-Video",
    i2v_model=None,
    frame_step=8,
    max_frames=257,
    fps=24,
    width=768,
    height=512,
    multiple=32,
    steps=50,
    guidance=3.0,
    negative_prompt="worst quality, inconsistent motion, blurry, jittery, distorted",
)
"""The LTX-Video family as the diffusers backend registers it."""
