"""Errors raised by the tools. Messages say what was wrong and how to fix it."""


class ToolError(Exception):
    """A tool could not do what it was asked."""


class EditError(ToolError):
    """The film could not be assembled (a bad edit decision list, a missing clip, ffmpeg failing)."""


class MediaError(ToolError):
    """A media file could not be read (missing, not a video, or damaged)."""


class SpeechError(ToolError):
    """A line could not be spoken (the speech engine failed, or its answer was not audio)."""


class ExportError(ToolError):
    """A sidecar export (OTIO, EDL, subtitles, Fountain, Jianying draft) could not be written."""
