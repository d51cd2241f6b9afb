"""``filmcrew serve`` and ``filmcrew keys create`` (handed over by `filmcrew.cli`)."""

from __future__ import annotations

import argparse

from filmcrew.errors import UsageError


def run_server_command(args: argparse.Namespace) -> int:
    """Run ``serve`` or ``keys``; returns the exit code."""
    from filmcrew.settings import Settings

    settings = Settings.from_env()
    if args.command == "keys":
        if args.keys_command != "create":
            raise UsageError("keys: say what to do, e.g. `filmcrew keys create TEAM`")
        from filmcrew.server.keys import main_create

        try:
            print(main_create(settings.home, args.team))
        except ValueError as exc:
            raise UsageError(f"keys create: {exc}") from None
        return 0
    if not 1 <= args.workers <= 64:
        raise UsageError(f"--workers: must be from 1 to 64 (got {args.workers})")
    import uvicorn

    from filmcrew.server.app import create_app

    settings.home.mkdir(parents=True, exist_ok=True)
    app = create_app(settings.home, settings, workers=args.workers, webhook_allow=settings.webhook_allow)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
