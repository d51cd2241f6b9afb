"""Finding and loading fonts that can draw the text of a shot, Chinese included.

Nothing here reads settings: callers that let users pick a font pass its path in. `find_font` only
looks at what is installed (``fc-list`` first, then well-known folders) and caches the answer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x31BF),  # bopomofo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms (，！？)
    (0x20000, 0x2FA1F),  # CJK extensions B-F
)

_CJK_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wqy-microhei",
    "/usr/share/fonts/wqy-zenhei",
    "/usr/share/fonts/truetype/arphic",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_CJK_NAMES = (
    "NotoSansCJK-{w}.ttc", "NotoSansCJKsc-{w}.otf", "NotoSansSC-{w}.otf", "NotoSansSC-{w}.ttf",
    "NotoSerifCJK-{w}.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc", "PingFang.ttc", "STHeiti Medium.ttc",
    "Hiragino Sans GB.ttc", "msyh.ttc", "msyhbd.ttc", "simhei.ttf", "simsun.ttc", "uming.ttc", "ukai.ttc",
)
_LATIN_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype/liberation",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "C:/Windows/Fonts",
)
_LATIN_NAMES = ("DejaVuSans{b}.ttf", "LiberationSans-{w}.ttf", "Arial{bw}.ttf", "arial{bl}.ttf")


def needs_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean characters (a Latin font cannot draw them).

    Args:
        text: Any text.

    Returns:
        True when at least one character lies in a CJK block.
    """
    for char in text:
        code = ord(char)
        if code >= 0x2E80 and any(lo <= code <= hi for lo, hi in _CJK_RANGES):
            return True
    return False


@lru_cache(maxsize=8)
def find_font(cjk: bool = True, bold: bool = False) -> Path | None:
    """Find an installed font file.

    Args:
        cjk: True for a font that can draw Chinese (looked up with ``fc-list :lang=zh`` when
            fontconfig is installed, then in the usual Linux, macOS and Windows folders); False for
            a Latin font (DejaVu Sans, Liberation Sans, Arial).
        bold: Prefer a bold face when one is installed.

    Returns:
        The font file, or None when nothing suitable is installed (for Chinese text install
        ``fonts-noto-cjk`` or pass a font path explicitly).
    """
    if cjk:
        return _from_fontconfig(bold) or _from_dirs(_CJK_DIRS, _CJK_NAMES, bold)
    return _from_dirs(_LATIN_DIRS, _LATIN_NAMES, bold)


@lru_cache(maxsize=64)
def load_font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Load ``path`` at ``size`` pixels; in a collection (.ttc) prefer its Simplified Chinese face.

    Args:
        path: A .ttf/.otf/.ttc file, or None for Pillow's built-in font (Latin only).
        size: Size in pixels, at least 1.

    Returns:
        A Pillow font.

    Raises:
        ValueError: when ``size`` is below 1 or the file is not a font Pillow can open.
    """
    if size < 1:
        raise ValueError(f"size must be at least 1 pixel, got {size}")
    if path is None:
        return ImageFont.load_default(size)
    try:
        return ImageFont.truetype(path, size, index=_face_index(path))
    except OSError as exc:
        raise ValueError(
            f"font file {path!r} cannot be opened ({exc}); pass a .ttf, .otf or .ttc file"
        ) from None


@lru_cache(maxsize=16)
def _face_index(path: str) -> int:
    """Index of the Simplified Chinese (else first proportional) face of a font collection."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    names: list[str] = []
    for index in range(16):
        try:
            names.append(ImageFont.truetype(path, 12, index=index).getname()[0] or "")
        except OSError:
            break
    for wanted in (" SC", "GB", "Hei", ""):
        for index, name in enumerate(names):
            if wanted in name and "Mono" not in name:
                return index
    return 0


def _from_fontconfig(bold: bool) -> Path | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, ":lang=zh", "file", "style"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: list[tuple[int, str]] = []
    for line in out.splitlines():
        file, _, style = line.partition(":")
        file = file.strip()
        if not file or not Path(file).is_file():
            continue
        name = Path(file).name.lower()
        is_bold = "bold" in name or "bold" in style.lower()
        rank = (0 if "sans" in name or "hei" in name else 2) + (0 if is_bold == bold else 1)
        rank = rank * 2 + (0 if "mono" not in name else 1)
        found.append((rank, file))
    return Path(min(found)[1]) if found else None


def _from_dirs(dirs: tuple[str, ...], names: tuple[str, ...], bold: bool) -> Path | None:
    weight = "Bold" if bold else "Regular"
    fill = {"w": weight, "b": "-Bold" if bold else "", "bw": " Bold" if bold else "",
            "bl": "bd" if bold else ""}
    if sys.platform == "win32":
        dirs = dirs + (str(Path.home() / "AppData/Local/Microsoft/Windows/Fonts"),)
    candidates = [name.format(**fill) for name in names]
    if bold:
        candidates += [name.format(w="Regular", b="", bw="", bl="") for name in names]
    for name in candidates:
        for folder in dirs:
            path = Path(folder) / name
            if path.is_file():
                return path
    return None
