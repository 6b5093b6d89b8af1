"""Real headless Chromium (Debian's) driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

# pytest-django's live server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def playwright():
    """Playwright, once for the session (a second one cannot start in the same thread)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


def launch_chromium(playwright, *extra_args: str):
    """Start Debian's Chromium headless, with the flags this machine needs and any others."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, chromium_sandbox=False, args=[*CHROMIUM_ARGS, *extra_args]
    )


@pytest.fixture(scope="session")
def chromium(playwright):
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture
def site_url(transactional_db):
    """Serve the site from a thread, with static files from whitenoise as in production.

    pytest-django's live_server serves static files through the finders, which do not know
    the hashed names that the manifest storage writes into the pages.
    """
    from django.test.testcases import LiveServerThread
    from django.test.utils import modify_settings

    thread = LiveServerThread("127.0.0.1", static_handler=lambda application: application)
    thread.daemon = True
    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


@pytest.fixture
def open_page(chromium, site_url):
    """Open pages in a fresh browser context; fail the test on any console error."""
    contexts, errors = [], []

    def open_(path: str = "/", device: dict = DESKTOP, **options):
        context = chromium.new_context(
            base_url=site_url, accept_downloads=True, locale="en-GB", **device, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: record_console(message, errors))
        page.on("response", lambda response: record_response(response, errors))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"the browser reported errors: {errors}"


def record_console(message, errors: list) -> None:
    # A page's own status (a 404 page, say) is the test's business; failed subresources are
    # recorded by record_response, with their address.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def record_response(response, errors: list) -> None:
    if response.status >= 400 and not response.request.is_navigation_request():
        errors.append(f"{response.status} {response.url}")


def screenshot(page, name: str) -> None:
    """Refresh a README screenshot (docs/screenshots/NAME.png) when UPDATE_SCREENSHOTS is set.

    Only then: the pages show dates relative to today, so every run would otherwise leave
    changed images in the working tree.
    """
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
