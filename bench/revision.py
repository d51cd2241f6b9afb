"""Benchmark: what a revision and a resume cost in a chat session, with the animatic backend.

1. **Revision cost.** A 20-shot film (offline planner, animatic, default sound and picture: espeak
   voices, burned-in subtitles, AI label, -14 LUFS) made as a session's first cut, then one shot
   changed (``/shot 3 size=...``). Prints both wall times, their ratio and the shots re-rendered
   (target: exactly 1, and the revision under 1/5 of the first cut's time).
2. **Resume cost.** The same film made by ``filmcrew chat --yes`` in a child process that is killed
   (SIGKILL) after its 6th shot finishes, then ``filmcrew resume``. Prints the shots rendered before
   the kill, the shots rendered again after it (work redone) and whether the film's frames equal
   the first cut's.

Each part uses a fresh shot cache, so the first cut really renders.

    .venv/bin/python bench/revision.py [--size 1280x720] [--duration 57]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IDEA = "A lighthouse keeper finds a message in a bottle"
SHOT_LINE = re.compile(r"shot \d+/\d+\s+(\S+)\s+(rendered in|reused from cache)")


def revision_cost(root: Path, width: int, height: int, duration: float) -> Path:
    from agents.schemas import Brief
    from filmcrew.chat import reply
    from filmcrew.session import Session
    from filmcrew.settings import Settings

    settings = Settings.from_env({}, cache_dir=root / "cache")
    brief = Brief(idea=IDEA, duration=duration, width=width, height=height, fps=24)
    with Session.create(brief, root / "films", settings, lambda e: None) as session:
        started = time.perf_counter()
        session.start(gates=False)
        t_first = time.perf_counter() - started
        shots = session.state()["shots"]
        size = "ECU" if shots[2]["size"] != "ECU" else "WS"
        started = time.perf_counter()
        reply(session, f"/shot 3 size={size}")
        t_second = time.perf_counter() - started
        v1, v2 = session.versions()
    print(f"revision cost: {len(shots)} shots, {width}x{height}, {duration:g} s film")
    print(f"  first cut : {t_first:6.2f}s  ({v1['summary']})")
    print(f"  revision  : {t_second:6.2f}s  ({v2['what']}: {v2['summary']})")
    print(f"  shots re-rendered by the revision: {v2['rendered']} of {v2['shots']} (target: exactly 1)")
    print(f"  revision / first cut: {t_second / t_first:.3f}  (target < 0.2)")
    return session.folder


def resume_cost(root: Path, width: int, height: int, duration: float, reference: Path) -> None:
    from tools.ffmpeg import read_ffmpeg

    env = {**os.environ, "FILMCREW_CACHE_DIR": str(root / "cache"), "FILMCREW_PLANNER": "offline",
           "FILMCREW_RENDER_SLOTS": "2"}
    common = ["--duration", f"{duration:g}", "--resolution", f"{width}x{height}", "--out", str(root / "films")]
    proc = subprocess.Popen([sys.executable, "-m", "filmcrew", "chat", IDEA, "--yes", *common],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    before = []
    for line in proc.stderr:
        found = SHOT_LINE.search(line)
        if found and found[2] == "rendered in":
            before.append(found[1])
            if len(before) == 6:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait()
    (folder,) = [p for p in (root / "films").iterdir() if p.is_dir()]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "filmcrew", "resume", folder.name, "--out", str(root / "films"),
                           "--no-chat"], capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    seen = [m.groups() for m in map(SHOT_LINE.search, done.stderr.splitlines()) if m]
    again = [shot for shot, how in seen if how == "rendered in"]
    redone = sorted(set(before) & set(again))

    def md5(film: Path) -> str:
        return read_ffmpeg(["-i", str(film), "-map", "0:v:0", "-f", "md5", "-"])[0].decode().strip()

    same = md5(folder / "film.mp4") == md5(reference / "versions" / "v1" / "film.mp4")
    print(f"resume cost: killed (SIGKILL) after {len(before)} shots had rendered; resume took {seconds:.2f}s "
          f"(exit {done.returncode})")
    print(f"  shots rendered after the resume: {len(again)} of {len(seen)}; finished shots rendered again: "
          f"{len(redone)} {redone if redone else ''}")
    print(f"  same frames as the uninterrupted first cut: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--duration", type=float, default=57.0)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    print(f"machine: {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="fc-bench-revision-") as tmp:
        reference = revision_cost(Path(tmp) / "revision", width, height, args.duration)
        resume_cost(Path(tmp) / "resume", width, height, args.duration, reference)


if __name__ == "__main__":
    main()
