"""The editor tool: assemble rendered clips into a film following an edit decision list.

Usage:
    from tools.editor import assemble
    report = assemble(edl, clips, Path("film.mp4"), width=1280, height=720, fps=24, font_path=None,
                      audio=[(1.5, Path("line1.wav"))], music=Path("bed.mp3"), label="AI-generated")
"""

from tools.editor.assembler import AssemblyReport, assemble
from tools.editor.audio import AudioReport, build_audio

__all__ = ["AssemblyReport", "AudioReport", "assemble", "build_audio"]
