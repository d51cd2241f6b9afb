#!/usr/bin/env python3
"""Set up filmcrew on a machine that has only Python, then make a film or run the tests.

    python3 scripts/bootstrap.py demo "an idea"     # light install (no torch), then `filmcrew make`
    python3 scripts/bootstrap.py test [pytest args] # full install (CPU torch, diffusers), then pytest

It creates ``.venv/`` beside this repo, installs what the target needs (once; again only when
pyproject.toml changes), and makes sure a font that can draw Chinese is present (installing
fonts-noto-cjk with apt when run as root, and saying clearly what to do otherwise); for the tests, also a
Chromium for the web page's browser test (chromium-headless-shell, the same way).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
TORCH = os.environ.get("FILMCREW_TORCH", "torch==2.13.0")  # the CPU wheel here; override elsewhere
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium",
                  "/usr/bin/chromium", "/usr/bin/google-chrome", "/opt/google/chrome/chrome",
                  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
CJK_FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*", "/System/Library/Fonts/PingFang*",
                  "/Library/Fonts/*Noto*CJK*", "C:/Windows/Fonts/msyh*")


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT)


def install(target: str) -> None:
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".filmcrew-{target}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + TORCH.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if target == "test":
        run(*pip, TORCH)  # first, so the gpu extra finds torch satisfied and pulls no other build
        run(*pip, "-e", ".[gpu,test]")
    else:
        run(*pip, "-e", ".")
    stamp.write_text(digest)


def has_cjk_font() -> bool:
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
        if out.strip():
            return True
    import glob

    return any(glob.glob(pattern, recursive=True) for pattern in CJK_FONT_GLOBS)


def ensure_cjk_font() -> None:
    if has_cjk_font() or os.environ.get("FILMCREW_FONT"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"], check=False, env=env)
        if has_cjk_font():
            return
    print("filmcrew set-up: no font that can draw Chinese was found and none could be installed.\n"
          "  Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; macOS and Windows ship one)\n"
          "  or set FILMCREW_FONT=/path/to/a/cjk-font.ttc. English films work without it.", file=sys.stderr)


def has_chromium() -> bool:
    return (bool(os.environ.get("FILMCREW_CHROMIUM")) or any(os.access(p, os.X_OK) for p in CHROMIUM_PATHS)
            or any(shutil.which(n) for n in ("chromium-headless-shell", "chromium", "google-chrome")))


def ensure_chromium() -> None:
    """The web page's browser test drives the machine's Chromium (Debian's plays the films' H.264)."""
    if has_chromium():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        for package in ("chromium-headless-shell", "chromium"):
            subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                           check=False, env=env)
            if has_chromium():
                return
    print("filmcrew set-up: no Chromium was found and none could be installed, so the web page's browser\n"
          "  test will be skipped. Install one (Debian: sudo apt-get install chromium-headless-shell, or\n"
          "  Google Chrome) or set FILMCREW_CHROMIUM=/path/to/chromium.", file=sys.stderr)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "install"):
        print(__doc__)
        return 2
    target, rest = argv[0], argv[1:]
    install("test" if target == "test" else "base")
    ensure_cjk_font()
    if target == "test":
        ensure_chromium()
        return subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT).returncode
    if target == "demo":
        idea = rest[0] if rest else "A lighthouse keeper finds a message in a bottle"
        return subprocess.run([str(BIN / "filmcrew"), "make", idea, *rest[1:]], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
