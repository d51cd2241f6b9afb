"""Reference pictures of a film's characters and locations: rendered once, kept as files, reused.

Each reference is a PNG under a references folder (by default the film's ``references/``):
``characters/<name>.png`` and ``locations/<name>.png``. A file that is already there is used as it
is, whoever made it: replace a picture to recast a character, or point a later film at the same
folder to keep its recurring characters. Only missing pictures are rendered, each with its own fixed
seed, and through a content-addressed cache, so deleting a film folder costs no GPU time either.
``references.json`` in the folder records how each picture was made.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from render import Reference, RenderBackend, RenderRequest
from tools.files import write_text_atomic
from tools.render_shot import cache_key

INDEX = "references.json"


@dataclass(frozen=True)
class ReferenceSpec:
    """A reference to have: who or what, the prompt that draws it, and its seed.

    Attributes:
        kind: ``"character"`` or ``"location"``.
        name: The name the script uses.
        prompt: Visual prompt of the picture (English).
        seed: Its fixed seed.
    """

    kind: Literal["character", "location"]
    name: str
    prompt: str
    seed: int


def supports_references(backend: RenderBackend) -> bool:
    """True when the backend can draw reference pictures and start shots from them."""
    return callable(getattr(backend, "render_still", None))


def reference_path(folder: Path, kind: str, name: str) -> Path:
    """Where the reference picture of ``name`` lives in ``folder`` (a file name safe on every system)."""
    safe = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in name).strip(" .") or "unnamed"
    return Path(folder) / f"{kind}s" / f"{safe[:80]}.png"


def ensure_references(backend: RenderBackend, specs: Sequence[ReferenceSpec], folder: Path, cache_dir: Path, *,
                      width: int, height: int, progress: Callable[[dict[str, Any]], None] | None = None
                      ) -> list[Reference]:
    """Have a reference picture for every spec: keep the files that exist, render the missing ones.

    Args:
        backend: A backend with ``render_still`` (see `supports_references`).
        specs: The references the film needs.
        folder: The references folder; created when missing.
        cache_dir: The shot cache root; rendered pictures are kept under ``references/`` in it.
        width: Picture width (the film's).
        height: Picture height.
        progress: Called with ``{"stage": "references", "event": "reference", ...}`` per picture.

    Returns:
        One `Reference` per spec, in order.

    Raises:
        RenderError: when a picture can't be rendered (the pictures already made are kept).
    """
    folder = Path(folder)
    index = _read_index(folder)
    out: list[Reference] = []
    for number, spec in enumerate(specs, 1):
        path = reference_path(folder, spec.kind, spec.name)
        source = "kept"
        if not path.is_file():
            request = RenderRequest(shot_id=f"{spec.kind}:{spec.name}", prompt=spec.prompt, width=width,
                                    height=height, fps=1, num_frames=1, seed=spec.seed)
            cached, key = _cached_still(backend, request, Path(cache_dir))
            source = "cache" if cached.is_file() else "rendered"
            if source == "rendered":
                tmp = cached.with_name(f".{cached.name}.part.png")
                cached.parent.mkdir(parents=True, exist_ok=True)
                try:
                    backend.render_still(request, tmp)  # type: ignore[attr-defined]
                    tmp.replace(cached)
                finally:
                    tmp.unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, path)
            index[f"{spec.kind}/{spec.name}"] = {"file": str(path.relative_to(folder)), "prompt": spec.prompt,
                                                 "seed": spec.seed, "backend": backend.name, "cache_key": key}
            write_text_atomic(folder / INDEX, json.dumps(index, ensure_ascii=False, indent=2) + "\n")
        if progress:
            progress({"stage": "references", "event": "reference", "kind": spec.kind, "name": spec.name,
                      "source": source, "done": number, "total": len(specs)})
        out.append(Reference(kind=spec.kind, name=spec.name, path=str(path)))
    return out


def _cached_still(backend: RenderBackend, request: RenderRequest, cache_dir: Path) -> tuple[Path, str]:
    key = cache_key(backend, request)
    return cache_dir / "references" / key[:2] / f"{key}.png", key


def _read_index(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
