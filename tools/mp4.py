"""Read the few facts the editor needs from an MP4's boxes, without decoding anything.

An MP4 is a tree of boxes (``size``, four-letter ``type``, payload). The index (``moov``) holds one
``trak`` per stream; a video track's sample description (``stsd``) holds its codec's setup: for
H.264, the ``avc1`` entry's ``avcC`` box with the SPS and PPS a decoder needs before the first frame.
Two H.264 streams with identical ``avcC`` bytes and frame format can be joined by stream copy.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tools.errors import MediaError

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts"}
_MAX_MOOV = 64 << 20  # a moov this big is not a clip's


@dataclass(frozen=True)
class Track:
    """One track of an MP4.

    Attributes:
        handler: ``"vide"``, ``"soun"``, ...
        codec: Sample entry type of its first description (``"avc1"``, ``"mp4a"``).
        timescale: Ticks per second of its media timeline (``mdhd``).
        avc_config: Payload of the ``avcC`` box (SPS and PPS) for an H.264 track, else None.
        samples: Samples in the track (``stsz``): for video, the frames (packets) it holds.
        sample_ticks: The duration of every sample in ``timescale`` ticks when they are all equal
            (a constant frame rate), else None (``stts``).
    """

    handler: str
    codec: str
    timescale: int
    avc_config: bytes | None
    samples: int
    sample_ticks: int | None


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, int, int]]:
    """``(type, payload start, payload end)`` of the boxes in ``data[start:end]``."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if pos + 16 > end:
                return
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def top_level_boxes(fh: BinaryIO, limit: int = 64) -> list[tuple[bytes, int, int]]:
    """``(type, offset, size)`` of the file's top-level boxes, read from their headers only."""
    fh.seek(0, 2)
    end = fh.tell()
    out: list[tuple[bytes, int, int]] = []
    pos = 0
    while pos + 8 <= end and len(out) < limit:
        fh.seek(pos)
        size, kind = struct.unpack(">I4s", fh.read(8))
        if size == 1:
            size = struct.unpack(">Q", fh.read(8))[0]
        elif size == 0:
            size = end - pos
        if size < 8:
            break
        out.append((kind, pos, size))
        pos += size
    return out


def _find(data: bytes, start: int, end: int, path: list[bytes]) -> tuple[int, int] | None:
    for kind, a, b in _boxes(data, start, end):
        if kind == path[0]:
            return (a, b) if len(path) == 1 else _find(data, a, b, path[1:])
    return None


def _constant_ticks(data: bytes, stts: tuple[int, int] | None) -> int | None:
    """The one sample duration of a time-to-sample table, None when there are several (or none)."""
    if stts is None:
        return None
    count = struct.unpack_from(">I", data, stts[0] + 4)[0]
    deltas = {struct.unpack_from(">I", data, stts[0] + 12 + 8 * i)[0] for i in range(count)}
    return deltas.pop() if len(deltas) == 1 else None


def _track(data: bytes, a: int, b: int) -> Track | None:
    hdlr = _find(data, a, b, [b"mdia", b"hdlr"])
    mdhd = _find(data, a, b, [b"mdia", b"mdhd"])
    stsd = _find(data, a, b, [b"mdia", b"minf", b"stbl", b"stsd"])
    if hdlr is None or mdhd is None or stsd is None:
        return None
    handler = data[hdlr[0] + 8:hdlr[0] + 12].decode("latin-1")
    version = data[mdhd[0]]
    timescale = struct.unpack_from(">I", data, mdhd[0] + (20 if version == 1 else 12))[0]
    stsz = _find(data, a, b, [b"mdia", b"minf", b"stbl", b"stsz"]) or _find(
        data, a, b, [b"mdia", b"minf", b"stbl", b"stz2"])
    samples = struct.unpack_from(">I", data, stsz[0] + 8)[0] if stsz else 0
    ticks = _constant_ticks(data, _find(data, a, b, [b"mdia", b"minf", b"stbl", b"stts"]))
    entries = list(_boxes(data, stsd[0] + 8, stsd[1]))  # after version/flags and entry count
    if not entries:
        return Track(handler, "", timescale, None, samples, ticks)
    kind, ea, eb = entries[0]
    config = None
    if kind in (b"avc1", b"avc3"):
        # VisualSampleEntry: 8 bytes SampleEntry + 70 bytes of picture fields, then child boxes.
        found = _find(data, ea + 78, eb, [b"avcC"])
        config = data[found[0]:found[1]] if found else None
    return Track(handler, kind.decode("latin-1"), timescale, config, samples, ticks)


def read_tracks(path: str | Path) -> list[Track]:
    """The tracks of an MP4 file, in the order of its index.

    Args:
        path: The MP4 (or MOV) file.

    Raises:
        MediaError: The file is missing or has no readable ``moov`` index.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            moov = next(((o, s) for kind, o, s in top_level_boxes(fh) if kind == b"moov"), None)
            if moov is None or moov[1] > _MAX_MOOV:
                raise MediaError(f"{path} has no MP4 index (moov box) that can be read; is it an MP4?")
            fh.seek(moov[0])
            data = fh.read(moov[1])
    except OSError as exc:
        raise MediaError(f"cannot read {path}: {exc}") from exc
    tracks = []
    header = 16 if struct.unpack_from(">I", data)[0] == 1 else 8
    for kind, a, b in _boxes(data, header):
        if kind == b"trak":
            track = _track(data, a, b)
            if track is not None:
                tracks.append(track)
    return tracks


def is_whole(path: str | Path, frames: int | None = None) -> bool:
    """True when an MP4 looks complete: its top-level boxes fill the file exactly, it has an index, and
    (when ``frames`` is given) its video track holds that many frames. A truncated or overwritten
    file fails; the check reads only box headers and the index."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            boxes = top_level_boxes(fh)
            fh.seek(0, 2)
            size = fh.tell()
        if not boxes or boxes[-1][1] + boxes[-1][2] != size or not any(k == b"moov" for k, _, _ in boxes):
            return False
        if frames is None:
            return True
        return any(t.handler == "vide" and t.samples == frames for t in read_tracks(path))
    except (OSError, MediaError, struct.error):
        return False
