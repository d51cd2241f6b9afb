"""The render tool: render one shot through a backend, through a content-addressed cache.

A shot's cache key is a hash of everything that determines its pixels: the backend's identity
(name, version, model, font...) and the whole `RenderRequest`. Rendering the same shot twice,
in the same film or in another one, costs nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

from render import RenderBackend, RenderError, RenderRequest, RenderResult
from tools.mp4 import is_whole

CLIP = "clip.mp4"
KEYFRAME = "keyframe.png"
META = "result.json"


def cache_key(backend: RenderBackend, request: RenderRequest) -> str:
    """The content address of a shot: sha256 of backend identity and request, hex.

    A reference picture counts by its bytes, not its path: a replaced picture re-renders its shots,
    and the same picture in another folder (a later film) reuses them.
    """
    fields = request.model_dump()
    fields["references"] = [{"kind": ref.kind, "name": ref.name, "sha256": file_digest(ref.path)}
                            for ref in request.references]
    payload = {"backend": backend.name, "identity": backend.identity(), "request": fields}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes, hex.

    Raises:
        RenderError: when the file can't be read.
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise RenderError(f"reference picture {path} can't be read ({exc.strerror or exc})") from None


def cached_render(backend: RenderBackend, request: RenderRequest, cache_dir: Path,
                  key: str | None = None) -> RenderResult | None:
    """The cached result of this shot, or None when it has not been rendered, or its files are gone or
    damaged (a clip that is cut short or has the wrong number of frames is rendered again).

    Args:
        backend: The render backend.
        request: The shot.
        cache_dir: Root of the shot cache.
        key: The shot's `cache_key`, when the caller already has it.
    """
    key = key or cache_key(backend, request)
    folder = _folder(cache_dir, key)
    meta = folder / META
    if not (meta.is_file() and (folder / CLIP).is_file() and (folder / KEYFRAME).is_file()):
        return None
    try:
        result = RenderResult.model_validate_json(meta.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if not is_whole(folder / CLIP, result.num_frames):
        return None
    return result.model_copy(
        update={"clip_path": str(folder / CLIP), "keyframe_path": str(folder / KEYFRAME),
                "cached": True, "seconds": 0.0}
    )


def render_shot(backend: RenderBackend, request: RenderRequest, cache_dir: Path) -> RenderResult:
    """Render a shot, or reuse it from the cache.

    Args:
        backend: The loaded render backend.
        request: What to render.
        cache_dir: Root of the shot cache; created when missing.

    Returns:
        The clip and keyframe on disk, with ``cached=True`` when nothing had to be rendered.

    Raises:
        RenderError: when the backend fails or writes no clip; nothing is left in the cache.
    """
    key = cache_key(backend, request)
    hit = cached_render(backend, request, cache_dir, key)
    if hit is not None:
        return hit
    folder = _folder(cache_dir, key)
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():  # a damaged or half-written entry: set it aside so the new one can take its place
        stale = folder.with_name(f".{key[:12]}-stale-{time.time_ns()}")
        try:
            folder.rename(stale)
        except OSError:
            pass
        shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=folder.parent))
    try:
        started = time.perf_counter()
        details = backend.render(request, work / CLIP, work / KEYFRAME) or {}
        seconds = time.perf_counter() - started
        if not (work / CLIP).is_file() or not (work / KEYFRAME).is_file():
            raise RenderError(f"backend {backend.name!r} wrote no clip or keyframe for shot {request.shot_id}")
        result = RenderResult(
            shot_id=request.shot_id, clip_path=str(folder / CLIP), keyframe_path=str(folder / KEYFRAME),
            num_frames=request.num_frames, fps=request.fps, width=request.width, height=request.height,
            backend=backend.name, seconds=round(seconds, 3), cached=False, cache_key=key, details=details,
        )
        (work / META).write_text(result.model_dump_json(indent=2), encoding="utf-8")
        try:
            work.rename(folder)
        except OSError:
            if not (folder / META).is_file():  # another run finished the same shot first; theirs is equal
                raise
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _folder(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / key[:2] / key
