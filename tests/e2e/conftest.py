"""Browser fixtures shared by every test under tests/e2e.

The tests drive a real Chromium through Playwright's sync API (via
pytest-playwright) against pytest-django's ``live_server``, at a phone-sized
390x844 viewport. Debian's ``/usr/bin/chromium`` is used when present; else
Playwright's own Chromium download if one is installed; else every test here
is skipped with a message saying how to install one (``make test`` says so
loudly too).

Fixtures (see each docstring):

- ``page``: pytest-playwright's page, in a 390x844 context whose ``base_url``
  is the live server, so ``page.goto("/checkin/")`` works. Light colour scheme.
- ``new_context(**kwargs)``: pytest-playwright's factory for more contexts with
  the same defaults, e.g. ``new_context(color_scheme="dark")``.
- ``phone_page(color_scheme="light", **context_kwargs) -> Page``: a page in a
  fresh phone-sized context.
- ``desk_page``: a page in a 1280x800 desktop context, for the clinician's pages.
- ``log_in(page, user, password=PASSWORD) -> None``: logs in through the real
  login form; a clinician or admin then types their authenticator app's code
  at the second step (an app is added for them first, if they have none).
- ``patient_page``: ``page`` already logged in as the ``patient`` persona.
- ``shot(page, name, *, full_page=True) -> Path``: saves
  ``tests/e2e/artifacts/<name>.png`` for a person to look at.
- ``axe_check(page, name="") -> list``: runs axe-core on the page, fails the
  test on serious or critical violations, returns the lesser ones.
- ``wait_for_service_worker(page, timeout=30000) -> None``: waits until Mend's
  service worker controls the page (needed before testing anything offline).
"""

import glob
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django refuses
# database access from such a thread unless told it is safe (it is here: the
# live server answers from its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR / "artifacts"
SYSTEM_CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from phoning home or trying QUIC during a test run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("serious", "critical")
INSTALL_HINT = (
    "No Chromium found, so the browser tests in tests/e2e were skipped. "
    "Install one with `sudo apt-get install chromium` (Debian/Ubuntu), "
    "or `.venv/bin/playwright install chromium`."
)


def system_chromium() -> str | None:
    """Path of an installed system Chromium (MEND_CHROMIUM overrides), or None."""
    for candidate in (os.environ.get("MEND_CHROMIUM"), SYSTEM_CHROMIUM, shutil.which("chromium")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def playwright_chromium_installed() -> bool:
    """True when `playwright install chromium` has put a browser on this machine."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
    return bool(glob.glob(os.path.join(root, "chromium*", "chrome-*")))


def browser_available() -> bool:
    return system_chromium() is not None or playwright_chromium_installed()


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `e2e`; skip them all when no Chromium exists."""
    skip = None if browser_available() else pytest.mark.skip(reason=INSTALL_HINT)
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)
            if skip:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Say it again at the very end, where nobody can miss it."""
    if not browser_available() and terminalreporter.stats.get("skipped"):
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(INSTALL_HINT, red=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options plus Debian's Chromium and quiet flags."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    executable = system_chromium()
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Every context: a 390x844 phone viewport, British locale, the live server as base URL."""
    return {
        **browser_context_args,
        "viewport": PHONE,
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@pytest.fixture
def phone_page(new_context):
    """Factory: `phone_page(color_scheme="dark")` opens a page in a fresh phone-sized context."""

    def open_page(color_scheme="light", **context_kwargs):
        return new_context(color_scheme=color_scheme, **context_kwargs).new_page()

    return open_page


def app_for_second_step(email):
    """For someone who needs a second step: their authenticator app (one is
    added if they have none), ready for a new code. Else None."""
    from checkin.accounts import second_step
    from checkin.models import AuthenticatorApp, User

    user = User.objects.get(email=email)
    if not second_step.needed(user):
        return None
    app = second_step.apps(user).first()
    if app is None:
        app = AuthenticatorApp.objects.create(user=user, name="Phone", confirmed=True)
        second_step.log_event(user, second_step.APP_ADDED)
    # A code works once: two logins within one 30-second step would share it.
    AuthenticatorApp.objects.filter(pk=app.pk).update(last_t=-1)
    return app


def totp_code(device) -> str:
    """The 6 digits the person's authenticator app shows now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def log_in():
    """`log_in(page, user, password=PASSWORD)`: logs in through the real login form.

    `user` is a User or an email address. Fails the test with the page's own
    error text when the browser is still on the login page afterwards.
    """

    def do_log_in(page, user, password=PASSWORD):
        email = user if isinstance(user, str) else user.email
        app = app_for_second_step(email)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        if "/accounts/login/" in page.url:
            errors = page.locator(".alert, .invalid-feedback").all_inner_texts()
            pytest.fail(f"Could not log in as {email}: {errors}")
        if app is not None:
            assert "/accounts/second-step/" in page.url, page.url
            page.get_by_label("Code").fill(totp_code(app))
            with page.expect_navigation():
                page.get_by_role("button", name="Finish signing in").click()

    return do_log_in


@pytest.fixture
def patient_page(page, patient, log_in):
    """`page`, logged in as the `patient` persona (from tests/conftest.py)."""
    log_in(page, patient)
    return page


@pytest.fixture
def shot():
    """`shot(page, name, *, full_page=True)`: saves tests/e2e/artifacts/<name>.png and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name, *, full_page=True):
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "page"
        path = ARTIFACTS / f"{safe}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    return take


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(_axe):
    """`axe_check(page, name="")`: fails on serious or critical axe-core violations.

    Returns the remaining (minor, moderate) violations so a test may look at
    them. The failure message lists each rule, its impact, help text and the
    first few offending elements.
    """

    def check(page, name=""):
        # Colours at rest: a button's 0.15 s colour transition, caught half way
        # (a radio just filled in by a script), is no contrast failure.
        page.emulate_media(reduced_motion="reduce")
        violations = _axe.run(page).response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            lines = [f"axe-core found serious problems on {name or page.url}:"]
            for v in blocking:
                targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} -> {targets}")
            pytest.fail("\n".join(lines))
        return [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]

    return check


# What went wrong, for the failure message.
_SW_STATE_JS = """async () => ({
  registrations: (await navigator.serviceWorker.getRegistrations()).map((r) => ({
    scope: r.scope,
    installing: r.installing && r.installing.state,
    waiting: r.waiting && r.waiting.state,
    active: r.active && r.active.state,
  })),
  caches: await caches.keys(),
})"""


@pytest.fixture
def wait_for_service_worker():
    """`wait_for_service_worker(page, timeout=30000)`: returns once the service worker controls `page`.

    After the first install, `clients.claim()` hands control over without a
    reload. Fails (rather than hanging) when no worker takes control in time.
    """

    def wait(page, timeout=30_000):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=timeout)
        except PlaywrightTimeout:
            pytest.fail(f"No service worker took control of {page.url} in {timeout} ms: {page.evaluate(_SW_STATE_JS)}")

    return wait


DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def desk_page(browser, live_server):
    """A desktop-sized page (1280x800) for the clinician's pages."""
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    yield context.new_page()
    context.close()
