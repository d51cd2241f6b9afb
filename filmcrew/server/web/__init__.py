"""The web page at ``/``: make a film, follow it, approve its gates, watch it and chat revisions.

Plain HTML, CSS and JavaScript modules in this folder, served by the API app itself (no build step,
no CDN: it works offline). The page talks only to the ``/v1`` API with the key the user pastes in;
the page's own files need no key.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse

HERE = Path(__file__).resolve().parent
# the only files /web/ serves
ASSETS = {"app.js": "text/javascript", "api.js": "text/javascript", "i18n.js": "text/javascript",
          "view.js": "text/javascript", "style.css": "text/css"}
HEADERS = {
    # This app's own files only, and blob: URLs for what is fetched with the key (film, pictures, files).
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                                "form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def mount_web(app: FastAPI) -> FastAPI:
    """Serve the web page at ``/`` and its files under ``/web/`` on ``app``; calling it again does nothing.

    Args:
        app: The API app (`filmcrew.server.app.create_app`).

    Returns:
        The same app.
    """
    if getattr(app.state, "web_mounted", False):
        return app
    app.state.web_mounted = True

    @app.get("/", include_in_schema=False)
    def web_page() -> FileResponse:
        return FileResponse(HERE / "index.html", media_type="text/html; charset=utf-8", headers=HEADERS)

    @app.get("/web/{name}", include_in_schema=False)
    def web_file(name: str) -> FileResponse:
        if name not in ASSETS:
            raise HTTPException(404, f"no web file {name!r}")
        return FileResponse(HERE / name, media_type=f"{ASSETS[name]}; charset=utf-8", headers=HEADERS)

    return app
