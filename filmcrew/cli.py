"""The ``filmcrew`` command line. Only this module turns errors into exit codes."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from filmcrew.errors import FilmcrewError, UsageError

ASPECTS = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)}
MIN_SECONDS, MAX_SECONDS = 2.0, 3600.0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(message)


def _add_film_options(p: argparse.ArgumentParser) -> None:
    """The options of a film (``make`` and ``chat`` share them)."""
    p.add_argument("--duration", type=float, default=30.0, metavar="SECONDS",
                      help=f"target film length in seconds, {MIN_SECONDS:g} to {MAX_SECONDS:g} (default 30)")
    p.add_argument("--aspect", default="16:9", metavar="RATIO",
                      help="frame shape: 16:9, 9:16 (vertical) or 1:1 (default 16:9)")
    p.add_argument("--resolution", metavar="WxH",
                      help="frame size in pixels, matching --aspect (default 1280x720, 720x1280 or 720x720)")
    p.add_argument("--fps", type=int, default=24, help="frames per second, 1 to 60 (default 24)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                      help="output folder; the film goes to DIR/<slug-of-the-idea>/ (default films/, or $FILMCREW_HOME/films)")
    p.add_argument("--lang", default="auto", help="script and subtitle language, e.g. en, zh (default: the idea's)")
    p.add_argument("--style", help="visual style added to every shot prompt")
    p.add_argument("--seed", type=int, default=0, help="base seed of every render (default 0)")
    p.add_argument("--backend", help="render backend (default animatic; see `filmcrew backends`)")
    p.add_argument("--planner", choices=["auto", "offline", "llm"], help=(
        "who writes the plan: llm (an OpenAI-compatible model), offline (embedded planner) or auto "
        "(llm when OPENAI_BASE_URL or OPENAI_API_KEY is set; the default)"))
    p.add_argument("--model", help="model name for all three agents (default gpt-4.1-mini or FILMCREW_MODEL)")
    for agent, example in (("writer", "a big model"), ("director", "a mid-size one"), ("editor", "a small one")):
        p.add_argument(f"--{agent}-model", metavar="MODEL", help=(
            f"model for the {agent} only, e.g. {example} (default --model or FILMCREW_{agent.upper()}_MODEL)"))
    p.add_argument("--budget-usd", type=float, metavar="USD", help=(
        "most the run may spend on model calls, in US dollars (more than 0; default no limit, or "
        "FILMCREW_BUDGET_USD); the run stops before a call that could pass it, and the same command with "
        "a higher budget resumes"))
    p.add_argument("--prices", type=Path, metavar="FILE", help=(
        'JSON price file {"model": [usd_per_1M_input_tokens, usd_per_1M_output_tokens], ...} merged over '
        "the built-in OpenAI list prices (or FILMCREW_PRICES); a model with no price counts as $0"))
    p.add_argument("--critic-rounds", type=int, metavar="N", help=(
        "revision rounds after each stage's critic finds problems, 0 to 5 (default 2, or "
        "FILMCREW_CRITIC_ROUNDS); problems left after them go into the manifest"))
    p.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (or OPENAI_BASE_URL)")
    p.add_argument("--cache-dir", type=Path, help="shot cache folder (default ~/.cache/filmcrew or FILMCREW_CACHE_DIR)")
    render = p.add_argument_group("diffusers backends (wan, ltx, cogvideox, hunyuan)")
    render.add_argument("--render-model", metavar="MODEL", help=(
        "text-to-video checkpoint: a hub id or a local folder (default: the family's, or FILMCREW_RENDER_MODEL)"))
    render.add_argument("--i2v-model", metavar="MODEL", help=(
        "image-to-video checkpoint (default: the family's, or FILMCREW_I2V_MODEL)"))
    render.add_argument("--device", help="cuda, cuda:N or cpu (default auto: CUDA when present, or FILMCREW_DEVICE)")
    render.add_argument("--dtype", help="bfloat16, float16 or float32 (default: bfloat16 on a GPU, float32 on CPU)")
    render.add_argument("--gpus", metavar="LIST", help=(
        "GPU indices such as 0,1: one render worker per GPU, each with its own pipeline; shots go largest first"))
    render.add_argument("--memory", help=(
        "first memory-saving level: none, vae (tiling), offload (model CPU offload) or group (group offload); "
        "a shot that runs out of memory is retried one level up (default none, or FILMCREW_MEMORY)"))
    render.add_argument("--steps", type=int, help="denoising steps (default: the family's, or FILMCREW_STEPS)")
    render.add_argument("--guidance", type=float, help="guidance scale (default: the family's, or FILMCREW_GUIDANCE)")
    render.add_argument("--references-dir", type=Path, metavar="DIR", help=(
        "folder of character and location reference pictures, reused by every film pointed at it "
        "(default: the film's references/ folder)"))
    render.add_argument("--no-references", action="store_const", const="off", dest="references", help=(
        "render every shot from text alone, without reference pictures (characters may drift)"))
    edit = p.add_argument_group("sound and picture")
    edit.add_argument("--voice", help=(
        "speech engine of the dialogue: openai (audio.speech of the endpoint, one voice per character), "
        "espeak (offline espeak-ng, synthetic), none (silent; subtitles timed by reading speed) or auto "
        "(openai when talking to OpenAI itself, else espeak; the default, or FILMCREW_VOICE)"))
    edit.add_argument("--tts-model", metavar="MODEL", help="model of the openai speech engine (default gpt-4o-mini-tts)")
    edit.add_argument("--music", type=Path, metavar="FILE", help=(
        "music laid under the film, looped or cut to length, faded in and out, ducked under dialogue"))
    edit.add_argument("--loudness", metavar="LUFS", help=(
        "integrated loudness of the sound track (EBU R128), -40 to -5, or off (default -14, the "
        "short-video platforms' target)"))
    edit.add_argument("--no-burn-subtitles", action="store_const", const="off", dest="burn_subtitles", help=(
        "keep the subtitles out of the picture (film.srt and film.vtt are written either way)"))
    edit.add_argument("--no-ai-label", action="store_const", const="off", dest="ai_label", help=(
        "leave out the small on-screen \"AI-generated\" label (shown by default: viewers deserve to know)"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every option explained in ``--help``."""
    parser = _Parser(prog="filmcrew", description="Turn an idea into a film: script, shots, renders, edit.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    make = sub.add_parser("make", help="make a film from an idea", description=(
        "Write a script, plan the shots, render them, cut the film. With no OpenAI-compatible endpoint "
        "configured, an embedded offline planner writes the plan; the default renderer draws an animatic."))
    make.add_argument("idea", help="the idea, in any language, e.g. \"A lighthouse keeper finds a message in a bottle\"")
    _add_film_options(make)
    make.add_argument("-q", "--quiet", action="store_true", help="print only the result, no progress")
    chat = sub.add_parser("chat", help="talk a film into shape: approve the script and shots, revise, compare cuts",
                          description=("A chat session: the script, then the shot list wait for your approval; "
                                       "after each cut, type a change (/help lists them) and only what changed "
                                       "is made again. Every cut is kept as a version."))
    chat.add_argument("idea", help="the idea, in any language")
    _add_film_options(chat)
    chat.add_argument("--yes", action="store_true", help="skip the approval gates (batch use): straight to the cut")
    chat.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    resume = sub.add_parser("resume", help="continue a session (after a kill, or to revise it again)")
    resume.add_argument("session", help="the session's id (its folder name) or folder")
    resume.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where sessions are (default films/, or $FILMCREW_HOME/films)")
    resume.add_argument("--no-chat", action="store_true", help="finish the interrupted work, then stop")
    resume.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    sessions = sub.add_parser("sessions", help="list the sessions in a folder")
    sessions.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where sessions are (default films/, or $FILMCREW_HOME/films)")
    serve = sub.add_parser("serve", help="run the HTTP API and the web page (data under FILMCREW_HOME)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=2, help="films made at once; the rest queue (default 2)")
    keys = sub.add_parser("keys", help="API keys of the HTTP server's teams")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", parser_class=_Parser)
    create = keys_sub.add_parser("create", help="create a key for a team (printed once; stored hashed)")
    create.add_argument("team", help="team name: lower-case letters, digits, - and _")
    sub.add_parser("backends", help="list the render backends and whether they can run here")
    return parser


def out_dir(given: Path | None) -> Path:
    """The films folder: ``--out``, else ``$FILMCREW_HOME/films`` when that is set, else ``films/``."""
    import os

    if given is not None:
        return given
    home = os.environ.get("FILMCREW_HOME")
    return Path(home).expanduser() / "films" if home else Path("films")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 a failed run, 2 bad input, 3 budget reached)."""
    try:
        args = build_parser().parse_args(argv)
        if args.command == "make":
            return _make(args)
        if args.command == "backends":
            return _backends()
        if args.command in ("serve", "keys"):
            from filmcrew.server.cli import run_server_command

            return run_server_command(args)
        if args.command in ("chat", "resume", "sessions"):
            from filmcrew.chat_cli import run_command

            return run_command(args)
        build_parser().print_help()
        return 2
    except FilmcrewError as exc:
        print(f"filmcrew: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nfilmcrew: interrupted — run the same command again to resume", file=sys.stderr)
        return 130


def brief_from_args(args: argparse.Namespace):
    """Check the options and build the `Brief`.

    Raises:
        UsageError: naming the first bad option.
    """
    from agents.schemas import Brief

    idea = " ".join(args.idea.split())
    if not idea:
        raise UsageError("idea: must not be empty; say what the film is about")
    if not MIN_SECONDS <= args.duration <= MAX_SECONDS:
        raise UsageError(f"--duration: must be from {MIN_SECONDS:g} to {MAX_SECONDS:g} seconds (got {args.duration:g})")
    if args.aspect not in ASPECTS:
        raise UsageError(f"--aspect: unknown aspect {args.aspect!r}; use one of {', '.join(ASPECTS)}")
    if not 1 <= args.fps <= 60:
        raise UsageError(f"--fps: must be from 1 to 60 (got {args.fps})")
    if args.seed < 0:
        raise UsageError(f"--seed: must be 0 or more (got {args.seed})")
    width, height = ASPECTS[args.aspect]
    if args.resolution:
        match = re.fullmatch(r"(\d+)[xX](\d+)", args.resolution.strip())
        if not match:
            raise UsageError(f"--resolution: expected WIDTHxHEIGHT such as 1280x720 (got {args.resolution!r})")
        width, height = int(match[1]), int(match[2])
        if width % 2 or height % 2 or not (64 <= width <= 4096 and 64 <= height <= 4096):
            raise UsageError(f"--resolution: width and height must be even, from 64 to 4096 (got {width}x{height})")
        aw, ah = (int(x) for x in args.aspect.split(":"))
        if abs(width / height - aw / ah) > 0.02:
            raise UsageError(f"--resolution: {width}x{height} is not {args.aspect}; change --aspect or --resolution")
    fields = {"idea": idea, "duration": args.duration, "aspect": args.aspect, "width": width, "height": height,
              "fps": args.fps, "language": args.lang, "seed": args.seed}
    if args.style:
        fields["style"] = args.style
    return Brief(**fields)


def _make(args: argparse.Namespace) -> int:
    from filmcrew.progress import ProgressPrinter
    from filmcrew.run import make_film

    brief = brief_from_args(args)
    settings = settings_from_args(args)
    progress = ProgressPrinter(quiet=args.quiet)
    outcome = make_film(brief, out_dir(args.out), settings, progress)
    _print_summary(outcome)
    return 0


def settings_from_args(args: argparse.Namespace):
    """The settings: the environment, with the film options given on the command line over it."""
    from filmcrew.settings import Settings

    return Settings.from_env(
        planner=args.planner, model=args.model, base_url=args.base_url, backend=args.backend,
        cache_dir=args.cache_dir, writer_model=args.writer_model, director_model=args.director_model,
        editor_model=args.editor_model, budget_usd=args.budget_usd, prices_file=args.prices,
        critic_rounds=args.critic_rounds, render_model=args.render_model, i2v_model=args.i2v_model,
        device=args.device, dtype=args.dtype, gpus=args.gpus, memory=args.memory, steps=args.steps,
        guidance=args.guidance, references=args.references, references_dir=args.references_dir,
        voice=args.voice, tts_model=args.tts_model, music=args.music, loudness=args.loudness,
        burn_subtitles=args.burn_subtitles, ai_label=args.ai_label)


def _print_summary(outcome) -> None:
    m = outcome.manifest
    film, timings, tokens = m["film"], m["timings"], m["tokens"]["total"]
    shots = timings["shots"]
    reused = sum(1 for s in shots.values() if s["cached"])
    llm = m["llm"]["provider"] + ("" if m["llm"]["note"] else f" ({', '.join(sorted(set(m['llm']['models'].values())))})")
    print(f"“{m['title']}” — {outcome.film}")
    print(f"  {film['duration']:.1f}s · {film['width']}x{film['height']} · {film['fps']:g} fps · {len(shots)} shots "
          f"({len(shots) - reused} rendered, {reused} reused from cache)")
    print(f"  planner: {llm} · renderer: {m['render']['label']}")
    refs = m["render"].get("references") or {}
    if refs:
        folder = Path(next(iter(refs.values()))).parent.parent
        print(f"  references: {len(refs)} pictures in {folder} (replace one to recast; reuse with --references-dir)")
    voices, sound = m.get("voices") or {}, film.get("sound") or {}
    if voices.get("lines") or sound.get("music"):
        loud = sound.get("integrated_lufs")
        print(f"  sound: {len(voices.get('lines') or {})} lines voiced by {voices.get('engine')}"
              + (f" ({voices['note']})" if voices.get("note") else "")
              + (f" · music {Path(sound['music']).name}" if sound.get("music") else "")
              + (f" · {loud:.1f} LUFS" if loud is not None else ""))
    stages = " · ".join(f"{k} {v:.1f}s" for k, v in timings["stages"].items())
    print(f"  time: {timings['total_seconds']:.1f}s ({stages})")
    print(f"  tokens: {tokens['input_tokens']} in / {tokens['output_tokens']} out in {tokens['calls']} calls"
          + _per_stage(m["tokens"]["per_agent"], lambda u: f"{u['input_tokens']}/{u['output_tokens']}"))
    cost, budget = m["cost"], m["budget"]
    limit = f" of a ${budget['usd']:g} budget" if budget["usd"] is not None else ""
    print(f"  cost: ${cost['total_usd']:.4f}{limit}" + _per_stage(cost["per_stage"], lambda usd: f"${usd:.4f}"))
    print(f"  files: {', '.join(m['files'])}")
    for note in m["notes"] + cost["notes"]:
        print(f"  note: {note}")
    problems = m["critics"]["problems"]
    if problems:
        print(f"  critics: {len(problems)} problem(s) left after {m['critics']['rounds']} revision round(s):")
        for problem in problems:
            print(f"    - {problem}")


def _per_stage(values: dict, show) -> str:
    parts = [f"{stage} {show(values[stage])}" for stage in ("writer", "director", "editor") if stage in values]
    return f" ({' · '.join(parts)})" if parts else ""


def _backends() -> int:
    from filmcrew.settings import Settings
    from render import available_backends

    settings = Settings.from_env()
    for info in available_backends():
        chosen = info.name == settings.backend
        missing = info.check(model=settings.render_model if chosen else None,
                             i2v_model=settings.i2v_model if chosen else None)
        state = "ready" if not missing else "missing: " + "; ".join(missing)
        print(f"{info.name:<10} {info.summary}\n{'':<10} needs: {info.needs or 'nothing'}\n{'':<10} here: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
