"""The timeline the editor tool executes: an edit decision list (EDL) in seconds.

Timeline rules (the assembler and every exporter follow them):
- The title card, when present, plays first for ``title_card.duration`` seconds.
- Clips follow in order. ``transition.kind`` joins a clip to what comes before it (the title card
  or the previous clip):
  - ``cut``: no overlap, ``duration`` is 0.
  - ``crossfade``: the two overlap by ``duration``; the film gets shorter by that much.
  - ``fade_black``: the outgoing picture fades to black over ``duration / 2`` and the incoming
    one fades up over ``duration / 2``; no overlap.
  On the first clip with no title card, ``fade_black`` is a fade up from black over ``duration/2``.
- ``fade_out`` fades the last picture to black over its last ``fade_out`` seconds.
- The end card, when present, plays after the last clip for ``end_card.duration`` seconds
  (text on black, its text fading in and out like the title card's).
- Subtitle times are on the film's timeline (0 = first frame of the film).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TransitionKind = Literal["cut", "crossfade", "fade_black"]


class Transition(BaseModel):
    """How a clip joins what comes before it.

    Attributes:
        kind: ``cut``, ``crossfade`` or ``fade_black``.
        duration: Seconds; 0 for a cut, more than 0 otherwise.
    """

    model_config = ConfigDict(extra="forbid")

    kind: TransitionKind = "cut"
    duration: float = Field(default=0.0, ge=0.0, le=5.0)

    @model_validator(mode="after")
    def _duration_matches_kind(self) -> Transition:
        if self.kind == "cut" and self.duration != 0:
            raise ValueError("a cut has duration 0")
        if self.kind != "cut" and self.duration <= 0:
            raise ValueError(f"a {self.kind} needs a duration above 0")
        return self


class ClipDecision(BaseModel):
    """One shot's clip on the timeline.

    Attributes:
        shot_id: The shot whose rendered clip is used.
        source_in: Start inside the clip, seconds.
        source_out: End inside the clip, seconds (exclusive).
        transition: How this clip joins what comes before it.
    """

    model_config = ConfigDict(extra="forbid")

    shot_id: str = Field(min_length=1)
    source_in: float = Field(default=0.0, ge=0.0)
    source_out: float = Field(gt=0.0)
    transition: Transition = Field(default_factory=Transition)

    @model_validator(mode="after")
    def _out_after_in(self) -> ClipDecision:
        if self.source_out <= self.source_in:
            raise ValueError(f"clip {self.shot_id}: source_out must be after source_in")
        return self

    @property
    def length(self) -> float:
        """Seconds of source used."""
        return self.source_out - self.source_in


class SubtitleEvent(BaseModel):
    """A line of dialogue on screen.

    Attributes:
        start: Film time the line appears, seconds.
        end: Film time it disappears, seconds.
        text: The words, in the script's language.
        speaker: Who says it, when known.
    """

    model_config = ConfigDict(extra="forbid")

    start: float = Field(ge=0.0)
    end: float = Field(gt=0.0)
    text: str = Field(min_length=1)
    speaker: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> SubtitleEvent:
        if self.end <= self.start:
            raise ValueError("a subtitle must end after it starts")
        return self


class TitleCard(BaseModel):
    """The opening card.

    Attributes:
        text: The film's title.
        subtitle: A second, smaller line (logline or credit), optional.
        duration: Seconds on screen.
    """

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    subtitle: str | None = None
    duration: float = Field(default=2.0, gt=0.0, le=10.0)


class EditDecisionList(BaseModel):
    """The editor's decisions: what plays when, joined how, with which words on screen.

    Attributes:
        title_card: Opening card, or None.
        clips: Clips in playing order.
        subtitles: Dialogue subtitles on the film's timeline, in order.
        fade_out: Seconds of fade to black at the end of the last clip (0 for none).
        end_card: Closing card after the last clip, or None.
    """

    model_config = ConfigDict(extra="forbid")

    title_card: TitleCard | None = None
    clips: list[ClipDecision] = Field(min_length=1)
    subtitles: list[SubtitleEvent] = Field(default_factory=list)
    fade_out: float = Field(default=0.0, ge=0.0, le=5.0)
    end_card: TitleCard | None = None

    def clip_starts(self) -> list[float]:
        """Film time at which each clip starts, in clip order."""
        t = self.title_card.duration if self.title_card else 0.0
        starts = []
        for clip in self.clips:
            if clip.transition.kind == "crossfade":
                t -= clip.transition.duration
            starts.append(t)
            t += clip.length
        return starts

    @property
    def duration(self) -> float:
        """Length of the film in seconds, end card included."""
        end = self.end_card.duration if self.end_card else 0.0
        return self.clip_starts()[-1] + self.clips[-1].length + end


def check_against_clips(edl: EditDecisionList, clip_seconds: dict[str, float]) -> list[str]:
    """Check an EDL against the real clip lengths. Returns the problems, empty when it is usable.

    Args:
        edl: The decisions to check.
        clip_seconds: Real length in seconds of every rendered clip, by shot id.
    """
    problems: list[str] = []
    eps = 1e-3
    previous = edl.title_card.duration if edl.title_card else None
    for i, clip in enumerate(edl.clips):
        real = clip_seconds.get(clip.shot_id)
        if real is None:
            problems.append(f"clip {i + 1} uses shot {clip.shot_id!r}, which has no rendered clip")
        elif clip.source_out > real + eps:
            problems.append(
                f"clip {i + 1} ({clip.shot_id}) ends at {clip.source_out:.3f}s "
                f"but its clip is only {real:.3f}s long"
            )
        tr = clip.transition
        if tr.kind == "crossfade":
            if previous is None:
                problems.append(f"clip {i + 1} ({clip.shot_id}) crossfades from nothing")
            elif tr.duration > min(previous, clip.length) + eps:
                problems.append(
                    f"clip {i + 1} ({clip.shot_id}): a {tr.duration:.2f}s crossfade is longer "
                    "than one of the clips it joins"
                )
        elif tr.kind == "fade_black":
            half = tr.duration / 2
            if half > clip.length + eps or (previous is not None and half > previous + eps):
                problems.append(
                    f"clip {i + 1} ({clip.shot_id}): a {tr.duration:.2f}s fade through black "
                    "is longer than the clips it joins"
                )
        previous = clip.length
    if edl.fade_out > edl.clips[-1].length + eps:
        problems.append(f"the {edl.fade_out:.2f}s fade out is longer than the last clip")
    total = edl.duration
    for n, sub in enumerate(edl.subtitles, start=1):
        if sub.end > total + eps:
            problems.append(f"subtitle {n} ends at {sub.end:.2f}s, after the film ends ({total:.2f}s)")
    return problems
