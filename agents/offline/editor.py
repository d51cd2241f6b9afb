"""The offline editor: the clips in shot order, joined, titled, subtitled and trimmed to length."""

from __future__ import annotations

from agents.critics.pacing import speaking_seconds
from agents.errors import AgentError
from agents.offline.story import FADE_BLACK, end_card_seconds, scene_join, title_seconds
from agents.schemas import Brief, Script, Shot
from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, TitleCard, Transition

MIN_CLIP = 1.0
"""No clip is trimmed below this many seconds."""
FADE_OUT = 1.0
SUBTITLE_LEAD_FRAMES = 3
SUBTITLE_GAP_FRAMES = 2
THE_END = {"zh": "完", "en": "The End"}


def decide_edit(
    brief: Brief, script: Script, shots: list[Shot], clip_seconds: dict[str, float]
) -> EditDecisionList:
    """Cut the film from the rendered clips.

    Steps: 1. title and end cards; 2. one clip per shot with its real length, cuts inside a scene
    and a crossfade (or a fade through black for a time jump) between scenes; 3. trim the longest
    clips' tails until the film is on target; 4. fade out; 5. a subtitle per line of dialogue.

    Args:
        brief: The brief (target duration, fps).
        script: The script (title, logline, scene times of day).
        shots: Every shot, in playing order.
        clip_seconds: Real length in seconds of every rendered clip, by shot id.

    Returns:
        Decisions that pass ``tools.timeline.check_against_clips(edl, clip_seconds)``.

    Raises:
        AgentError: The shot list is empty, or a shot has no rendered clip.
    """
    if not shots:
        raise AgentError("editor: there are no shots to edit; plan the shots before deciding the edit")
    missing = [s.id for s in shots if s.id not in clip_seconds]
    if missing:
        raise AgentError(
            f"editor: shots {', '.join(missing)} have no rendered clip; render them before the edit"
        )
    # 1. title and end cards
    title_length, end_length = title_seconds(brief.duration), end_card_seconds(brief.duration)
    title = end = None
    if title_length:
        title = TitleCard(text=script.title, subtitle=script.logline, duration=title_length)
    if end_length:
        words = THE_END["zh" if script.language.lower().startswith("zh") else "en"]
        end = TitleCard(text=words, duration=end_length)
    # 2. clips and joins
    scenes = {s.number: s for s in script.scenes}
    lengths = [float(clip_seconds[s.id]) for s in shots]
    joins: list[tuple[str, float]] = []
    for i, shot in enumerate(shots):
        if i == 0:
            joins.append(("fade_black", min(FADE_BLACK, 2 * lengths[0])))
        elif shot.scene == shots[i - 1].scene:
            joins.append(("cut", 0.0))
        else:
            before, now = scenes.get(shots[i - 1].scene), scenes.get(shot.scene)
            joins.append(scene_join(before, now) if before and now else ("crossfade", 0.5))
    # 3. trim to the target
    floors = [_floor(shot, length, joins, i, lengths) for i, (shot, length) in enumerate(zip(shots, lengths))]
    overlap = sum(d for kind, d in joins if kind == "crossfade")
    excess = title_length + sum(lengths) - overlap + end_length - brief.duration
    kept = _trim(lengths, floors, excess) if excess > 0 else lengths
    clips = []
    for i, shot in enumerate(shots):
        out = min(lengths[i], round(kept[i], 3))
        kind, duration = joins[i]
        if kind == "crossfade":
            previous = clips[-1].length if clips else title_length
            duration = min(duration, previous, out)
        elif kind == "fade_black":
            duration = min(duration, 2 * out, 2 * clips[-1].length if clips else duration)
        transition = Transition(kind=kind, duration=round(duration, 3)) if kind != "cut" else Transition()
        clips.append(ClipDecision(shot_id=shot.id, source_in=0.0, source_out=out, transition=transition))
    # 4. fade out
    edl = EditDecisionList(title_card=title, clips=clips, fade_out=min(FADE_OUT, clips[-1].length), end_card=end)
    # 5. subtitles on the film's timeline
    starts = edl.clip_starts()
    total = edl.duration
    lead, gap = SUBTITLE_LEAD_FRAMES / brief.fps, SUBTITLE_GAP_FRAMES / brief.fps
    subtitles = []
    for i, (shot, clip) in enumerate(zip(shots, clips)):
        if shot.dialogue is None:
            continue
        end = starts[i] + clip.length - gap
        if i + 1 < len(clips) and clips[i + 1].transition.kind == "crossfade":
            end = min(end, starts[i + 1])
        start = starts[i] + lead
        if end - start < 0.5:
            start, end = starts[i], starts[i] + clip.length
        subtitles.append(SubtitleEvent(start=round(start, 3), end=round(min(end, total), 3),
                                       text=shot.dialogue.text, speaker=shot.dialogue.speaker))
    return edl.model_copy(update={"subtitles": subtitles})


def _floor(shot: Shot, length: float, joins: list[tuple[str, float]], i: int, lengths: list[float]) -> float:
    """The shortest a clip may be trimmed to: 1 s, its line's reading time, and what its transitions need."""
    need = MIN_CLIP
    if shot.dialogue is not None:
        need = max(need, speaking_seconds(shot.dialogue.text))
    need = max(need, joins[i][1], joins[i + 1][1] if i + 1 < len(joins) else 0.0)
    return min(length, need)


def _trim(lengths: list[float], floors: list[float], excess: float) -> list[float]:
    """Lower the longest clips to a common level (never below their floors) to remove ``excess`` seconds."""
    slack = sum(length - floor for length, floor in zip(lengths, floors))
    if slack <= excess:
        return list(floors)

    def removed(level: float) -> float:
        return sum(max(0.0, length - max(level, floor)) for length, floor in zip(lengths, floors))

    low, high = 0.0, max(lengths)
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if removed(mid) > excess else (low, mid)
    return [min(length, max(high, floor)) for length, floor in zip(lengths, floors)]
