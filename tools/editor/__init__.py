"""The editor tool: assemble rendered clips into a film following an edit decision list.

Usage:
    from tools.editor import assemble
    report = assemble(edl, clips, Path("film.mp4"), width=1280, height=720, fps=24, font_path=None)
"""

from tools.editor.assembler import AssemblyReport, assemble
from tools.editor.audio import build_audio

__all__ = ["AssemblyReport", "assemble", "build_audio"]
