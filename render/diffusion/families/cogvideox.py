"""CogVideoX 1.0 (THUDM / Zhipu AI): ``CogVideoXPipeline`` and ``CogVideoXImageToVideoPipeline``.

Where each constraint comes from (diffusers 0.42, ``pipelines/cogvideo`` and the model cards):

- ``THUDM/CogVideoX-2b`` (text to video) and ``THUDM/CogVideoX-5b-I2V`` (image to video) are two
  checkpoints; the 2b has no image input, so ``i2v_model`` is its own checkpoint.
- Frames: the VAE (``AutoencoderKLCogVideoX``) compresses time by 4 and the pipelines make
  ``(num_frames - 1) // 4 + 1`` latent frames; the decoder takes latent frames two at a time and
  only an odd count decodes to ``4 * (latents - 1) + 1`` frames (5 frames are 2 latents and come
  back as 8, 13 as 16). So counts are ``8k + 1``: 1, 9, 17 ... 49, as the authors say
  (zai-org/CogVideo#680); 49 (``sample_frames``, 6 s at 8 fps plus one) is what the models were
  trained on and the longest clip.
- Size: trained at 720x480 only (``sample_width`` 90 x ``sample_height`` 60 latents, VAE stride 8).
  The 5b-I2V transformer adds *learned* positional embeddings tied to that size and raises for any
  other, so every shot, portrait included, renders at 720x480 and the backend crops it to the shot.
  Sides stay multiples of 16: VAE stride 8 times patch size 2.
- The 5b-I2V's learned position table covers 49 frames; for any other length diffusers adds sin-cos
  embeddings the model never saw (``CogVideoXPatchEmbed.forward``) and the video falls apart ("the
  I2V model only supports 49 frames", kijai/ComfyUI-CogVideoXWrapper#78). So every image-to-video
  call makes ``max_frames``: only a shot's last segment is ever planned shorter, and the backend
  takes a segment's frames from its start, so the surplus at the end goes unused.
- ``num_inference_steps`` 50 and ``guidance_scale`` 6 are the pipelines' defaults.
- Latents are ``(batch, frames, channels, height, width)`` times the VAE's ``scaling_factor``, in
  the dtype of the prompt embeddings (the text encoder's); ``prepare_latents`` only moves them to the
  device and multiplies by ``init_noise_sigma`` (1.0 for both CogVideoX schedulers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from render.diffusion.family import Family


@dataclass(frozen=True)
class CogVideoXFamily(Family):
    """CogVideoX: one landscape size, 49-frame image-to-video, frame-first VAE latents."""

    def render_size(self, width: int, height: int) -> tuple[int, int]:
        """The native size whatever the shot's shape: the I2V model cannot turn to portrait.

        Raises:
            ValueError: for a non-positive width or height.
        """
        if width <= 0 or height <= 0:
            raise ValueError(f"width and height must be positive, got {width}x{height}")
        return self.width, self.height

    def call_kwargs(self, kwargs: dict[str, Any], *, image: bool) -> dict[str, Any]:
        """The shared arguments; an image-to-video call always makes ``max_frames`` frames.

        Args:
            kwargs: The shared arguments; not modified.
            image: True for the image-to-video pipeline.
        """
        return {**kwargs, "num_frames": self.max_frames} if image else dict(kwargs)

    def still_latents(self, pipe: Any, image: Any, generator: Any) -> Any:
        """Scaled VAE latents of ``image`` as one frame, ``(1, 1, C, H/8, W/8)``, as ``pipe`` takes them.

        Args:
            pipe: A loaded `CogVideoXPipeline`.
            image: A PIL RGB image at the render size.
            generator: The render's ``torch.Generator`` (samples the VAE's latent distribution).
        """
        import torch

        device = pipe._execution_device
        pixels = pipe.video_processor.preprocess(image, height=image.height, width=image.width)
        pixels = pixels.to(device=device, dtype=pipe.vae.dtype).unsqueeze(2)  # (1, C, 1, H, W)
        with torch.no_grad():
            latents = pipe.vae.encode(pixels).latent_dist.sample(generator)
        latents = latents.permute(0, 2, 1, 3, 4) * pipe.vae_scaling_factor_image  # (1, 1, C, h, w)
        patch_t = pipe.transformer.config.patch_size_t
        if patch_t:  # CogVideoX 1.5 pads the latent frames up front; the pipeline drops the padding
            latents = latents.repeat(1, patch_t, 1, 1, 1)
        return latents.to(device=device, dtype=pipe.text_encoder.dtype).contiguous()


FAMILY = CogVideoXFamily(
    name="cogvideox",
    title="CogVideoX",
    t2v_pipeline="CogVideoXPipeline",
    i2v_pipeline="CogVideoXImageToVideoPipeline",
    t2v_model="THUDM/CogVideoX-2b",
    i2v_model="THUDM/CogVideoX-5b-I2V",
    frame_step=8,  # not the VAE's 4: see the module docstring
    max_frames=49,
    fps=8,
    width=720,
    height=480,
    multiple=16,
    steps=50,
    guidance=6.0,
    fixed_size=True,
)
