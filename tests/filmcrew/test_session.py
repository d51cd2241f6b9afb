"""Chat sessions: gates, revisions that re-render only what changed, versions, going back, busy sessions,
damaged files, and a real process killed mid-render (SIGKILL) and resumed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

SHOT_LINE = re.compile(r"shot \d+/\d+\s+(\S+)\s+(rendered in|reused from cache)")

from agents.schemas import Brief
from filmcrew.chat import reply
from filmcrew.errors import UsageError
from filmcrew.session import Session
from filmcrew.session_files import SessionBusyError, SessionLock
from filmcrew.settings import Settings
from tools.ffmpeg import read_ffmpeg

BRIEF = Brief(idea="A lighthouse keeper finds a message in a bottle", duration=14, width=160, height=96, fps=12)


def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({}, voice="none", cache_dir=tmp_path / "cache", render_slots=2)


def frames_md5(film: Path) -> str:
    out, err, code = read_ffmpeg(["-i", str(film), "-map", "0:v:0", "-f", "md5", "-"])
    assert code == 0, err
    return out.decode().strip()


@pytest.fixture(scope="module")
def chatted(tmp_path_factory):
    """A session taken through both gates to v1, then revised by commands to v2 (a shot) and v3 (an edit)."""
    tmp = tmp_path_factory.mktemp("chat")
    events: list = []
    turns = []
    with Session.create(BRIEF, tmp / "films", settings(tmp), events.append) as session:
        turns.append(session.start(gates=True))
        turns.append(reply(session, "/ok"))
        turns.append(reply(session, "好"))
        turns.append(reply(session, "/shot 2 size=ECU"))
        turns.append(reply(session, "/transition 3 crossfade duration=0.5"))
        line = next((n, k) for n, scene in enumerate(session.state()["script"]["scenes"], start=1)
                    for k, _ in enumerate(scene["dialogue"], start=1))
        turns.append(reply(session, f'/line {line[0]} {line[1]} text="Who left this here?"'))
        turns.append(reply(session, "/subtitles off"))
        folder = session.folder
        versions = session.versions()
    return folder, turns, versions


def test_the_session_stops_at_the_script_and_the_shot_list(chatted):
    folder, turns, _ = chatted
    script, shots, cut = turns[:3]
    assert script.kind == "gate" and script.stage == "script"
    title = json.loads((folder / "script.json").read_text())["title"]
    assert title in script.text and "/ok" in script.text
    assert shots.kind == "gate" and shots.stage == "shots"
    assert "S01-01" in shots.text and "storyboard:" in shots.text
    board = Path(shots.text.split("storyboard: ")[1].splitlines()[0])
    assert board.is_file() and board.parent == folder
    assert cut.kind == "cut" and cut.version == 1 and (folder / "film.mp4").is_file()


def test_a_shot_revision_re_renders_exactly_that_shot(chatted):
    folder, turns, versions = chatted
    v1, v2 = versions[0], versions[1]
    assert v1["rendered"] == v1["shots"] and v1["reused"] == 0
    assert v2["rendered"] == 1 and v2["reused"] == v2["shots"] - 1
    assert "re-rendered 1 of" in turns[3].text
    shots = json.loads((folder / "versions" / "v2" / "shots.json").read_text())["shots"]
    assert shots[1]["size"] == "ECU"


def test_an_edit_revision_renders_nothing_and_every_version_stays_on_disk(chatted):
    folder, _turns, versions = chatted
    assert versions[2]["rendered"] == 0
    edit = json.loads((folder / "versions" / "v3" / "edit.json").read_text())
    assert edit["clips"][2]["transition"] == {"kind": "crossfade", "duration": 0.5}
    for n in (1, 2, 3):
        assert (folder / "versions" / f"v{n}" / "film.mp4").is_file()
        assert (folder / "versions" / f"v{n}" / "manifest.json").is_file()


def test_a_script_revision_keeps_the_shot_revisions_made_before_it(chatted):
    folder, _turns, versions = chatted
    v4 = versions[3]
    shots = json.loads((folder / "versions" / "v4" / "shots.json").read_text())["shots"]
    assert shots[1]["size"] == "ECU"
    assert any(s["dialogue"] and s["dialogue"]["text"] == "Who left this here?" for s in shots)
    assert v4["rendered"] == 0
    srt = (folder / "versions" / "v4" / "film.srt").read_text(encoding="utf-8")
    assert "Who left this here?" in srt


def test_subtitles_off_keeps_the_files_and_clears_the_picture(chatted):
    folder, _turns, _versions = chatted
    manifest = json.loads((folder / "versions" / "v5" / "manifest.json").read_text())
    assert manifest["film"]["picture"]["burned_subtitles"] is False
    assert (folder / "versions" / "v5" / "film.srt").read_text(encoding="utf-8").strip()


def test_versions_compare_and_go_back(chatted, tmp_path):
    folder, _, _ = chatted
    with Session.open(folder.name, folder.parent, settings(tmp_path), lambda e: None) as session:
        listing = reply(session, "/versions").text
        assert "v1" in listing and "v5" in listing and "current: v5" in listing
        changes = reply(session, "/compare 1 2").text
        assert "S01-02" in changes and "ECU" in changes
        back = reply(session, "/back 1")
        assert back.version == 1 and session.record["current"] == 1
        assert frames_md5(folder / "film.mp4") == frames_md5(folder / "versions" / "v1" / "film.mp4")
        assert session.state()["shots"][1]["size"] != "ECU"
        with pytest.raises(UsageError, match="no version v9"):
            reply(session, "/back 9")


def test_a_second_client_gets_session_busy(chatted, tmp_path):
    folder, _, _ = chatted
    with Session.open(folder, folder.parent, settings(tmp_path), lambda e: None):
        other = Session.open(folder, folder.parent, settings(tmp_path), lambda e: None)
        with pytest.raises(SessionBusyError, match="busy"):
            other.__enter__()


def test_a_damaged_session_file_gets_a_clear_error(tmp_path):
    folder = tmp_path / "films" / "broken-1"
    folder.mkdir(parents=True)
    (folder / "session.json").write_text("{not json")
    with pytest.raises(UsageError, match=r"session.json is damaged"):
        Session.open("broken-1", tmp_path / "films", settings(tmp_path), lambda e: None)
    with pytest.raises(UsageError, match="session.json is missing"):
        Session.open("nothing-here", tmp_path / "films", settings(tmp_path), lambda e: None)


def test_a_damaged_checkpoint_file_gets_a_clear_error(tmp_path):
    session = Session.create(BRIEF, tmp_path / "films", settings(tmp_path), lambda e: None)
    (session.folder / "checkpoints.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(UsageError, match=r"checkpoints.sqlite is damaged.*versions"):
        session.__enter__()
    lock = SessionLock(session.folder)  # the failed open let the lock go
    lock.acquire()
    lock.release()


def test_the_checkpointer_is_pluggable(tmp_path):
    from langgraph.checkpoint.memory import InMemorySaver

    saver = InMemorySaver()
    created = Session.create(BRIEF, tmp_path / "films", settings(tmp_path), lambda e: None)
    with Session(created.folder, created.record, settings(tmp_path), lambda e: None, checkpointer=saver) as session:
        turn = session.start(gates=True)
        assert turn.stage == "script" and session.waiting_at() == "script"
    assert not (created.folder / "checkpoints.sqlite").exists()
    assert list(saver.list(None))


def _filmcrew(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "filmcrew", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_a_run_killed_mid_render_resumes_without_redoing_finished_shots(tmp_path):
    idea = "A girl and her grandfather repair an old boat before the storm"
    common = ["--duration", "24", "--resolution", "320x180", "--voice", "none"]
    env = {**os.environ, "FILMCREW_RENDER_SLOTS": "1", "FILMCREW_PLANNER": "offline"}
    env.pop("OPENAI_API_KEY", None)
    env.pop("OPENAI_BASE_URL", None)

    # An uninterrupted reference, with its own cache.
    ref = _filmcrew("chat", idea, "--yes", "--out", str(tmp_path / "ref"), *common,
                    env={**env, "FILMCREW_CACHE_DIR": str(tmp_path / "ref-cache")})
    assert ref.wait(timeout=300) == 0, ref.stderr.read()

    run_env = {**env, "FILMCREW_CACHE_DIR": str(tmp_path / "cache")}
    proc = _filmcrew("chat", idea, "--yes", "--out", str(tmp_path / "films"), *common, env=run_env)
    done_before = []
    for line in proc.stderr:
        found = SHOT_LINE.search(line)
        if found and found[2] == "rendered in":
            done_before.append(found[1])
            if len(done_before) == 2:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL and len(done_before) == 2
    (session_dir,) = [p for p in (tmp_path / "films").iterdir() if p.is_dir()]
    assert not (session_dir / "film.mp4").exists()

    resumed = _filmcrew("resume", session_dir.name, "--out", str(tmp_path / "films"), "--no-chat", env=run_env)
    _out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    total = len(json.loads((session_dir / "shots.json").read_text())["shots"])
    seen = [m.groups() for m in map(SHOT_LINE.search, err.splitlines()) if m]
    reused = {shot for shot, how in seen if how == "reused from cache"}
    rendered = [shot for shot, how in seen if how == "rendered in"]
    # A finished shot is either not run again at all (its result was checkpointed with the step's
    # other writes) or run and found in the shot cache; never rendered again.
    assert not set(done_before) & set(rendered), (done_before, err)
    assert reused or len(rendered) < total
    assert len(rendered) <= total - len(done_before)
    (ref_dir,) = [p for p in (tmp_path / "ref").iterdir() if p.is_dir()]
    assert frames_md5(session_dir / "film.mp4") == frames_md5(ref_dir / "film.mp4")
    record = json.loads((session_dir / "session.json").read_text())
    assert record["versions"][0]["what"] == "resumed"


def test_filmcrew_chat_in_a_terminal(tmp_path):
    env = {**os.environ, "FILMCREW_CACHE_DIR": str(tmp_path / "cache"), "FILMCREW_PLANNER": "offline"}
    answers = "/ok\nyes\n/shot 2 size=ECU\nmake the ending darker\n/versions\n/nonsense\n/quit\n"
    done = subprocess.run([sys.executable, "-m", "filmcrew", "chat", BRIEF.idea, "--duration", "12",
                           "--resolution", "192x108", "--voice", "none", "--out", str(tmp_path / "films"), "-q"],
                          input=answers, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "/ok" in out and "storyboard:" in out
    assert "v1 (first cut)" in out and "v2 (shot 2 (" in out and "re-rendered 1 of" in out
    assert "without a language model configured I follow commands" in out and "concern the script" in out
    assert "unknown command" in out.lower() or "/help" in out
    assert "filmcrew resume" in out
    (folder,) = [p for p in (tmp_path / "films").iterdir() if p.is_dir()]
    sessions = subprocess.run([sys.executable, "-m", "filmcrew", "sessions", "--out", str(tmp_path / "films")],
                              capture_output=True, text=True, env=env, check=False)
    assert folder.name in sessions.stdout and "2 cut(s)" in sessions.stdout


def test_a_change_at_the_script_gate_shows_the_revised_script_and_waits_again(tmp_path):
    with Session.create(BRIEF, tmp_path / "films", settings(tmp_path), lambda e: None) as session:
        first = session.start(gates=True)
        scenes = session.state()["script"]["scenes"]
        number = next(s["number"] for s in scenes if s["dialogue"])
        turn = reply(session, f'/line {number} 1 text="Nobody writes letters anymore."')
        assert turn.kind == "gate" and turn.stage == "script"
        assert "Nobody writes letters anymore." in turn.text and turn.text != first.text
        assert not session.versions()
        shots_gate = reply(session, "/ok")
        assert shots_gate.stage == "shots" and "Nobody writes letters anymore." in shots_gate.text
