"""The web page at ``/`` end to end: Playwright drives the machine's Chromium against a real server on
loopback.

`scripts/bootstrap.py test` installs Chromium (Debian's ``chromium-headless-shell``) when it runs as root
with apt; elsewhere point ``FILMCREW_CHROMIUM`` at a Chromium or Chrome binary. Without one the browser
tests are skipped, saying so.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from filmcrew.server.keys import KeyStore
from tests.support.server import serving

CHROMIUM_PATHS = ("/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium",
                  "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                  "/opt/google/chrome/chrome",
                  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")


def find_chromium() -> str | None:
    """The machine's Chromium (or Chrome): ``FILMCREW_CHROMIUM``, else a usual place, else on PATH."""
    named = os.environ.get("FILMCREW_CHROMIUM")
    if named:
        return named
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return next(filter(None, map(shutil.which, ("chromium-headless-shell", "chromium", "chromium-browser",
                                                "google-chrome"))), None)


CHROMIUM = find_chromium()  # read at import: the autouse fixture clears FILMCREW_* while a test runs
IDEA = "A lighthouse keeper finds a message in a bottle"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    key = KeyStore(home).create("newsroom").key
    with serving(home) as url:
        yield url, key


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the browser tests need playwright (the test extra has it)")
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine: `python3 scripts/bootstrap.py test` installs one as root "
                    "with apt (chromium-headless-shell), or set FILMCREW_CHROMIUM=/path/to/chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        probe = chromium.new_page()
        plays = probe.evaluate("() => document.createElement('video')"
                               ".canPlayType('video/mp4; codecs=\"avc1.64001E, mp4a.40.2\"')")
        probe.close()
        if not plays:
            chromium.close()
            pytest.skip(f"{CHROMIUM} cannot play H.264/AAC MP4 (Playwright's own Chromium build cannot); use "
                        "Debian's chromium-headless-shell or Google Chrome (FILMCREW_CHROMIUM=...)")
        sync_api.expect.set_options(timeout=20_000)
        yield chromium
        chromium.close()


def not_blank(png: bytes) -> float:
    """The spread of a screenshot's grey levels: near 0 for an empty or single-colour picture."""
    from PIL import Image, ImageStat

    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0]


def test_the_page_and_its_files_need_no_key_but_the_api_still_does(site):
    url, _ = site
    with httpx.Client(base_url=url, timeout=10) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert 'src="/web/app.js"' in page.text
        for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css"),
                           ("i18n.js", "text/javascript")):
            answer = client.get(f"/web/{name}")
            assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind), name
        assert client.get("/web/..%2Fapp.py").status_code == 404
        assert client.get("/web/__init__.py").status_code == 404
        assert client.get("/v1/films").status_code == 401
        assert "/" not in client.get("/openapi.json").json()["paths"]


def test_a_film_is_made_approved_watched_and_revised_in_the_browser(site, browser):
    from playwright.sync_api import expect

    url, key = site
    context = browser.new_context(locale="en-US", viewport={"width": 1000, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        page.goto(url + "/")
        expect(page.get_by_role("heading", name="New film")).to_be_visible()
        page.get_by_label("Your team's API key").fill(key)
        page.get_by_label("Idea").fill(IDEA)
        page.get_by_label("Length").select_option("8")
        page.get_by_label("Film language").select_option("en")
        page.get_by_label("Stop for my approval").check()
        page.get_by_text("More options").click()
        page.get_by_label("Resolution").fill("192x108")
        page.get_by_label("Frames per second").fill("12")
        page.get_by_label("Voices").select_option("none")
        page.get_by_role("button", name="Make the film").click()

        # the script gate: the script's text, then Approve
        expect(page.locator("#gate-title")).to_have_text("Approve the script")
        expect(page.locator("#gate-text")).to_contain_text("EXT.")
        expect(page.locator("#progress li[data-stage=writer]")).to_be_visible()
        page.get_by_role("button", name="Approve").click()

        # the shot gate: the shot table and the storyboard preview, loaded with the key
        expect(page.locator("#gate-title")).to_have_text("Approve the shot list")
        expect(page.locator("#gate-text")).to_contain_text("S01-01")
        expect(page.locator("#gate-text")).not_to_contain_text("/teams/")  # no server paths on the page
        preview = page.get_by_role("img", name="Storyboard preview")
        expect(preview).to_be_visible()
        page.wait_for_function("() => document.getElementById('preview').naturalWidth > 0")
        page.get_by_role("button", name="Approve").click()

        # the film: the player loads it, the progress list counted every shot from the event stream
        expect(page.locator("#status")).to_have_text("Done")
        counted = page.locator("#progress li[data-stage=render]")
        expect(counted).to_contain_text(re.compile(r"shot (\d+)/\1\b"))
        page.wait_for_function("() => document.getElementById('player').readyState >= 2")
        duration = page.eval_on_selector("#player", "v => v.duration")
        assert 5 < duration < 10
        page.eval_on_selector("#player", "v => new Promise(done => {"
                                         " v.onseeked = done; v.currentTime = v.duration / 2; })")
        assert not_blank(page.locator("#player").screenshot()) > 8
        page.wait_for_function("() => document.getElementById('storyboard').naturalWidth > 0")
        assert not_blank(page.locator("#storyboard-box").screenshot()) > 8
        expect(page.locator("#versions li")).to_have_count(1)

        with page.expect_download() as fetched:
            page.get_by_role("button", name="Timeline (EDL)").click()
        assert fetched.value.suggested_filename == "timeline.edl"
        assert "TITLE:" in Path(fetched.value.path()).read_text(encoding="utf-8")

        # a revision from the chat box makes v2, which goes into the player
        first_cut = page.eval_on_selector("#player", "v => v.src")
        page.get_by_label("Ask for a change").fill("/shot 1 size=ECU")
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#versions li")).to_have_count(2)
        expect(page.locator("#versions li").first).to_contain_text("v2")
        expect(page.locator("#playing")).to_contain_text("v2")
        expect(page.locator("#chat-log li.crew")).to_contain_text("re-rendered 1 of")
        page.wait_for_function("old => { const v = document.getElementById('player');"
                               " return v.src !== old && v.readyState >= 1; }", arg=first_cut)

        # the page in Chinese, and a reload keeps the key and the film
        page.get_by_role("button", name="中文").click()
        expect(page.get_by_role("heading", name="新影片")).to_be_visible()
        expect(page.locator("#status")).to_have_text("完成")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        page.reload()
        expect(page.get_by_role("heading", name="版本")).to_be_visible()
        expect(page.locator("#versions li")).to_have_count(2)
        assert problems == []
    finally:
        context.close()


def test_the_page_speaks_the_browsers_language_and_says_when_the_key_is_wrong(site, browser):
    from playwright.sync_api import expect

    url, _ = site
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})  # phone-sized
    try:
        page = context.new_page()
        page.goto(url + "/")
        expect(page.get_by_role("heading", name="新影片")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone
        page.get_by_label("团队的 API 密钥").fill("fck_wrong_key")
        page.get_by_label("创意").fill("灯塔看守人发现了一个漂流瓶")
        page.get_by_role("button", name="开始制作").click()
        expect(page.get_by_role("alert")).to_have_text("API 密钥无效。请检查，或新建一个。")
    finally:
        context.close()
