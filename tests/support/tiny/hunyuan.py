"""A tiny random-weight HunyuanVideo, built in code and saved like a real checkpoint.

The parts keep the released layout, only a few channels wide: ``AutoencoderKLHunyuanVideo`` (VAE
stride 8, time compression 4, the released scaling factor), ``HunyuanVideoTransformer3DModel``, the
released ``FlowMatchEulerDiscreteScheduler(shift=7.0)``, a CLIP text model for the pooled prompt, and a
Llama 3 shaped tokenizer. Two kinds:

- ``"t2v"``: ``HunyuanVideoPipeline``; the prompt goes through a ``LlamaModel``.
- ``"i2v"``: ``HunyuanVideoImageToVideoPipeline`` like ``HunyuanVideo-I2V``: the transformer replaces
  the first frame's tokens (``token_replace``) and has embedded guidance, and the prompt goes through
  a ``LlavaForConditionalGeneration`` whose CLIP vision tower sees the image at 336 px in 14 px
  patches: the 576 image tokens the pipeline's default template reserves.

The tokenizer speaks Llama 3's language where the pipelines depend on it: its special tokens
(``<|start_header_id|>``, ``<|end_header_id|>``, ``<|eot_id|>``, ``<image>``), a begin-of-text token,
right padding, and whole-word tokens for the templates' words, so the default prompt templates
tokenize to exactly the ``crop_start`` counts (95 and 103) that the pipelines hard-code for the real
tokenizer. Our family passes no ``prompt_template``, so the tiny pipelines run the released path.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from render.diffusion.families.hunyuan import FAMILY

TINY = dataclasses.replace(FAMILY, width=48, height=32, max_frames=9, steps=2)
"""`FAMILY` at a size and length a CPU renders in a second: 48x32, up to 9 frames, 2 steps."""

KINDS = ("t2v", "i2v")

SPECIAL = ("<|begin_of_text|>", "<|end_of_text|>", "<|pad|>", "<|start_header_id|>", "<|end_header_id|>",
           "<|eot_id|>", "<image>")
WORDS = ("a", "the", "of", "in", "and", "man", "woman", "girl", "boy", "dog", "cat", "red", "blue",
         "walks", "runs", "street", "room", "night", "day", "light", "rain", "city", "sea", "sky")
"""Whole words of the tiny vocabulary besides the templates'; anything else is spelled out."""

TEXT_DIM = 16  # Llama hidden size = the transformer's text_embed_dim
POOLED_DIM = 8  # CLIP text hidden size = the transformer's pooled_projection_dim


def build(folder: Path, kind: str = "t2v") -> Path:
    """Save a tiny random HunyuanVideo pipeline (``"t2v"`` or ``"i2v"``) into ``folder``; return it.

    Raises:
        ValueError: for a kind not in `KINDS`.
    """
    import diffusers
    import torch
    from transformers import CLIPTextConfig, CLIPTextModel, LlamaConfig, LlamaModel

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    tokenizer, tokenizer_2 = _llama_tokenizer(), _clip_tokenizer()
    llama = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=TEXT_DIM, intermediate_size=37, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=4, hidden_act="silu", max_position_embeddings=1024,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    text_encoder_2 = CLIPTextModel(CLIPTextConfig(
        vocab_size=len(tokenizer_2), hidden_size=POOLED_DIM, intermediate_size=37, num_hidden_layers=2,
        num_attention_heads=4, projection_dim=POOLED_DIM, max_position_embeddings=77,
        bos_token_id=tokenizer_2.bos_token_id, eos_token_id=tokenizer_2.eos_token_id,
        pad_token_id=tokenizer_2.pad_token_id,
    )).eval()
    torch.manual_seed(0)
    vae = diffusers.AutoencoderKLHunyuanVideo(
        in_channels=3, out_channels=3, latent_channels=4, down_block_types=("HunyuanVideoDownBlock3D",) * 4,
        up_block_types=("HunyuanVideoUpBlock3D",) * 4, block_out_channels=(4, 4, 4, 4), layers_per_block=1,
        act_fn="silu", norm_num_groups=2, scaling_factor=0.476986, spatial_compression_ratio=8,
        temporal_compression_ratio=4, mid_block_add_attention=True,
    ).eval()
    parts = {"tokenizer": tokenizer, "tokenizer_2": tokenizer_2, "text_encoder_2": text_encoder_2, "vae": vae,
             "scheduler": diffusers.FlowMatchEulerDiscreteScheduler(shift=7.0)}
    if kind == "t2v":
        torch.manual_seed(0)
        text_encoder = LlamaModel(llama).eval()
        pipe = getattr(diffusers, TINY.t2v_pipeline)(text_encoder=text_encoder, transformer=_transformer(), **parts)
    else:
        from transformers import (
            CLIPImageProcessor,
            CLIPVisionConfig,
            LlavaConfig,
            LlavaForConditionalGeneration,
        )

        vision = CLIPVisionConfig(hidden_size=8, intermediate_size=16, num_hidden_layers=2, num_attention_heads=2,
                                  image_size=336, patch_size=14, projection_dim=8)
        torch.manual_seed(0)
        text_encoder = LlavaForConditionalGeneration(LlavaConfig(
            vision_config=vision, text_config=llama, image_token_index=tokenizer.convert_tokens_to_ids("<image>"),
            pad_token_id=tokenizer.pad_token_id, projector_hidden_act="gelu",
        )).eval()
        image_processor = CLIPImageProcessor(size={"shortest_edge": 336}, crop_size={"height": 336, "width": 336})
        pipe = getattr(diffusers, TINY.i2v_pipeline)(
            text_encoder=text_encoder, transformer=_transformer(image_condition_type="token_replace"),
            image_processor=image_processor, **parts)
    pipe.save_pretrained(folder)
    return Path(folder)


def _transformer(**extra):
    import diffusers
    import torch

    torch.manual_seed(0)
    return diffusers.HunyuanVideoTransformer3DModel(
        in_channels=4, out_channels=4, num_attention_heads=2, attention_head_dim=10, num_layers=1,
        num_single_layers=1, num_refiner_layers=1, patch_size=1, patch_size_t=1, guidance_embeds=True,
        text_embed_dim=TEXT_DIM, pooled_projection_dim=POOLED_DIM, rope_axes_dim=(2, 4, 4), **extra,
    ).eval()


def _templates() -> tuple[dict, dict]:
    """The pipelines' default prompt templates: text-to-video, image-to-video."""
    from diffusers.pipelines.hunyuan_video import pipeline_hunyuan_video as t2v
    from diffusers.pipelines.hunyuan_video import pipeline_hunyuan_video_image2video as i2v

    return t2v.DEFAULT_PROMPT_TEMPLATE, i2v.DEFAULT_PROMPT_TEMPLATE


def _template_words() -> list[str]:
    """The words of both default prompt templates, as Llama 3 splits them (``▁`` marks a space)."""
    specials = "|".join(re.escape(token) for token in (*SPECIAL, "{}"))
    segments = [*re.split(specials, "".join(t["template"] for t in _templates())), " " + " ".join(WORDS)]
    # in a segment a space joins the letters after it (Metaspace); digits and punctuation stand alone
    words = (re.findall(r"▁?[A-Za-z]+|\n+", segment.replace(" ", "▁")) for segment in segments)
    return list(dict.fromkeys(word for found in words for word in found))


def _llama_tokenizer():
    """A byte-fallback BPE ``LlamaTokenizerFast`` whose merges spell each template word whole."""
    from transformers import LlamaTokenizerFast

    vocab = {"<unk>": 0, **{token: i + 1 for i, token in enumerate(SPECIAL)}}
    for byte in range(256):
        vocab[f"<0x{byte:02X}>"] = len(vocab)
    for char in ["▁", "\n", *(chr(c) for c in range(33, 127))]:
        vocab.setdefault(char, len(vocab))
    spaced = [w for w in _template_words() if w.startswith("▁")]
    bare = [w for w in _template_words() if not w.startswith("▁")]
    merges = []
    for word in spaced + bare:  # spaced words first: their merges start at a ▁, so never inside a word
        for end in range(2, len(word) + 1):
            if word[:end] not in vocab:
                vocab[word[:end]] = len(vocab)
                merges.append((word[: end - 1], word[end - 1]))
    tokenizer = LlamaTokenizerFast(
        vocab=vocab, merges=merges, unk_token="<unk>", bos_token="<|begin_of_text|>", eos_token="<|end_of_text|>",
        pad_token="<|pad|>", add_bos_token=True, padding_side="right", model_max_length=1024,
    )
    tokenizer.add_special_tokens({"additional_special_tokens": list(SPECIAL[3:])})
    for template in _templates():  # the pipelines crop this many tokens off the front of every prompt
        prefix = template["template"].split("{}")[0]
        if len(tokenizer(prefix).input_ids) != template["crop_start"]:
            raise ValueError(f"the tiny tokenizer no longer matches the prompt template {prefix[:40]!r}...")
    return tokenizer


def _clip_tokenizer():
    """A byte-level BPE ``CLIPTokenizer`` with whole-word tokens for `WORDS` and the templates' words."""
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import CLIPTokenizer

    alphabet = sorted(ByteLevel.alphabet())
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for char in alphabet + [c + "</w>" for c in alphabet]:
        vocab.setdefault(char, len(vocab))
    merges = []
    for word in dict.fromkeys(w.lstrip("▁").lower() for w in _template_words() if w.strip("\n")):
        pieces = [*word[:-1], word[-1] + "</w>"]
        while len(pieces) > 1:
            merges.append((pieces[0], pieces[1]))
            pieces = [pieces[0] + pieces[1], *pieces[2:]]
            vocab.setdefault(pieces[0], len(vocab))
    return CLIPTokenizer(vocab=vocab, merges=list(dict.fromkeys(merges)))
