"""Mend as an installed app, in a real phone-sized Chromium: the manifest, the
service worker, pages offline, and what a shared phone keeps after log-out."""

import struct

import pytest
from playwright.sync_api import expect

from checkin.pwa import app_shell
from tests.e2e.pwa_helpers import cached_urls, update_service_worker, visit_while_online

EXPECTED_SIZES = {"192x192", "512x512"}


def png_size(data: bytes) -> str:
    """'WxH' from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return f"{width}x{height}"


def cache_names(page):
    return page.evaluate("caches.keys()")


# --- Install ------------------------------------------------------------------------


def test_the_manifest_has_every_field_a_phone_needs_to_install_mend(page):
    page.goto("/accounts/login/")
    response = page.request.get("/manifest.json")
    assert response.ok
    manifest = response.json()
    assert manifest["name"] == "Mend"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["description"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"], manifest["id"]) == (
        "/checkin/",
        "/",
        "standalone",
        "/",
    )
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")

    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    images = manifest["icons"] + manifest["screenshots"]
    for image in images:
        fetched = page.request.get(image["src"])
        assert fetched.ok, image["src"]
        assert fetched.headers["content-type"] == image["type"] == "image/png"
        assert png_size(fetched.body()) == image["sizes"], image["src"]

    narrow = [shot for shot in manifest["screenshots"] if shot["form_factor"] == "narrow"]
    assert narrow and narrow[0]["label"]
    shortcuts = {shortcut["name"]: shortcut["url"] for shortcut in manifest["shortcuts"]}
    assert shortcuts == {"Check in": "/checkin/", "Trends": "/trends/"}


def test_chromium_itself_reads_the_manifest_without_errors_and_finds_mend_installable(page, wait_for_service_worker):
    page.goto("/accounts/login/")
    wait_for_service_worker(page)
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["url"].endswith("/manifest.json")
    assert parsed["errors"] == []
    errors = [error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    # Playwright's contexts are off-the-record profiles, where Chromium never
    # installs apps; a phone's own profile is not. Nothing else may stand in the way.
    assert set(errors) <= {"in-incognito"}, errors


def test_every_page_links_the_manifest_and_the_ios_home_screen_tags(page):
    page.goto("/")
    head = page.locator("head")
    assert head.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.json"
    assert head.locator('meta[name="apple-mobile-web-app-capable"]').get_attribute("content") == "yes"
    assert head.locator('meta[name="apple-mobile-web-app-status-bar-style"]').count() == 1
    assert head.locator('meta[name="theme-color"]').count() >= 1
    icon = head.locator('link[rel="apple-touch-icon"]').get_attribute("href")
    assert png_size(page.request.get(icon).body()) == "180x180"


@pytest.fixture
def own_profile_page(browser_type, browser_type_launch_args, browser_context_args, tmp_path):
    """A page in a real browser profile: Chromium never offers to install an app
    in the off-the-record contexts Playwright normally makes. The flag skips
    the "visited often enough" heuristic, so the offer comes at once."""
    launch = {**browser_type_launch_args}
    launch["args"] = [*launch["args"], "--bypass-app-banner-engagement-checks"]
    context = browser_type.launch_persistent_context(tmp_path / "profile", **launch, **browser_context_args)
    yield context.new_page()
    context.close()


def test_chromium_offers_to_install_mend_and_the_install_button_appears(
    own_profile_page, log_in, patient, yesterday, make_checkin
):
    make_checkin(patient, yesterday)  # offered once the patient has checked in
    page = own_profile_page
    page.add_init_script("window.addEventListener('beforeinstallprompt', () => { window.offered = true; })")
    log_in(page, patient)
    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    expect(page.get_by_role("button", name="Install Mend")).to_be_visible()
    assert page.evaluate("window.offered") is True


def test_the_install_button_appears_when_chromium_offers_to_install_and_opens_its_prompt(
    patient_page, patient, yesterday, make_checkin
):
    make_checkin(patient, yesterday)
    page = patient_page
    page.goto("/")
    install = page.get_by_role("button", name="Install Mend")
    assert install.is_hidden()
    # What Chromium fires when Mend may be installed; headless Chromium never shows
    # its own install UI, so the event stands in for it, with a prompt() to watch.
    page.evaluate(
        """() => {
            const offer = new Event("beforeinstallprompt", { cancelable: true });
            offer.prompt = () => { window.promptShown = true; return Promise.resolve(); };
            offer.userChoice = Promise.resolve({ outcome: "accepted" });
            window.dispatchEvent(offer);
        }"""
    )
    install.click()
    assert page.evaluate("window.promptShown") is True
    assert install.is_hidden()


def test_not_now_hides_the_install_offer(patient_page, patient, yesterday, make_checkin):
    make_checkin(patient, yesterday)
    page = patient_page
    page.goto("/")
    page.evaluate("() => window.dispatchEvent(Object.assign(new Event('beforeinstallprompt'), { prompt() {} }))")
    page.get_by_role("button", name="Not now", exact=True).click()
    page.reload()
    page.evaluate("() => window.dispatchEvent(Object.assign(new Event('beforeinstallprompt'), { prompt() {} }))")
    assert page.get_by_role("button", name="Install Mend").is_hidden()


def test_iphone_visitors_are_told_how_to_add_mend_to_the_home_screen(
    new_context, log_in, patient, yesterday, make_checkin, shot
):
    make_checkin(patient, yesterday)
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    page = new_context(user_agent=iphone).new_page()
    log_in(page, patient)
    hint = page.get_by_role("region", name="Add Mend to your Home Screen")
    hint.wait_for()
    assert "Add to Home Screen" in hint.inner_text()
    shot(page, "home-ios-install-hint", full_page=False)
    hint.get_by_role("button", name="Got it").click()
    assert hint.is_hidden()


# --- The service worker ------------------------------------------------------------------


def test_the_service_worker_controls_every_page_and_precaches_the_whole_shell(page, wait_for_service_worker):
    page.goto("/")
    wait_for_service_worker(page)
    worker = page.evaluate("navigator.serviceWorker.ready.then(r => ({scope: r.scope, script: r.active.scriptURL}))")
    assert worker["scope"] == page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/"
    assert worker["script"].endswith("/serviceworker.js")

    # The shell's version, then the crisis lines' (the offline page shows them).
    [shell] = [name for name in cache_names(page) if name.startswith(f"mend-shell-{app_shell.cache_version()}")]
    precache = app_shell.precache_urls()
    assert sorted(cached_urls(page, shell)) == sorted([*precache, "/help/"])
    for url in precache:
        assert page.request.get(url).status == 200, url


def test_a_page_that_opened_without_the_worker_is_taken_over_at_once(patient_page, wait_for_service_worker):
    """Like the first page after logging in, which opens while the worker is
    still installing: a hard reload opens a page the worker does not control."""
    page = patient_page
    wait_for_service_worker(page)
    cdp = page.context.new_cdp_session(page)
    with page.expect_navigation():
        cdp.send("Page.reload", {"ignoreCache": True})
    wait_for_service_worker(page, timeout=5_000)


def test_the_cache_name_changes_when_the_shell_changes(monkeypatch):
    before = app_shell.cache_version()
    monkeypatch.setattr(app_shell, "PRECACHE_STATIC", app_shell.PRECACHE_STATIC + ("icons/icon-512.png",))
    app_shell.cache_version.cache_clear()
    try:
        assert app_shell.cache_version() != before
    finally:
        monkeypatch.undo()
        app_shell.cache_version.cache_clear()
    assert app_shell.cache_version() == before


# --- Offline -------------------------------------------------------------------------------


def test_offline_the_check_in_and_home_open_from_the_phone_and_other_pages_show_the_offline_page(
    patient_page, wait_for_service_worker, shot
):
    page = patient_page
    wait_for_service_worker(page)
    visit_while_online(page, "/checkin/", "/")
    page.context.set_offline(True)

    page.goto("/checkin/")
    page.reload()
    assert page.get_by_role("heading", name="How are you today?").is_visible()
    page.goto("/")
    assert page.get_by_role("heading", name="Hello, Pat").is_visible()
    expect(page.locator("[data-pwa-status]")).to_contain_text("You are offline")

    page.goto("/history/")  # never opened, so never kept
    assert page.get_by_role("heading", name="You are offline").is_visible()
    assert page.get_by_role("link", name="Check in").is_visible()
    shot(page, "offline-page")


def test_get_help_now_opens_offline_though_never_visited_and_after_logging_out(
    patient_page, wait_for_service_worker, shot
):
    page = patient_page
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.get_by_role("link", name="Get help now").first.click()
    expect(page.get_by_role("heading", name="Get help now", level=1)).to_be_visible()
    expect(page.locator("a[href='tel:999']").first).to_be_visible()
    shot(page, "help-offline", full_page=False)
    page.context.set_offline(False)
    page.goto("/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out", exact=True).click()
    page.context.set_offline(True)
    page.goto("/help/")
    expect(page.locator("a[href='tel:999']").first).to_be_visible()
    expect(page.get_by_text("Pat")).to_have_count(0)  # the kept copy is nobody's


def test_kept_pages_stop_opening_offline_after_a_while_but_the_check_in_form_still_does(
    patient_page, wait_for_service_worker, settings
):
    settings.MEND_KEPT_PAGES_HOURS = 2 / 3600  # two seconds, for the test
    page = patient_page
    page.goto("/")
    wait_for_service_worker(page)
    update_service_worker(page)  # the worker is told the setting when it is served
    visit_while_online(page, "/checkin/", "/")
    page.wait_for_timeout(2500)
    page.context.set_offline(True)
    page.goto("/")
    assert page.get_by_role("heading", name="You are offline").is_visible()
    page.goto("/checkin/")
    assert page.get_by_role("heading", name="How are you today?").is_visible()


def test_private_pages_are_never_kept_offline(patient_page, wait_for_service_worker):
    page = patient_page
    wait_for_service_worker(page)
    visit_while_online(page, "/account/", "/api/checkins/", "/")
    assert cached_urls(page, "mend-pages-") == ["/"]
    page.context.set_offline(True)
    page.goto("/account/")
    assert page.get_by_role("heading", name="You are offline").is_visible()


def test_a_repeat_visit_fetches_nothing_but_the_page(patient_page, wait_for_service_worker):
    from django.core.signals import request_started

    page = patient_page
    page.goto("/checkin/")
    wait_for_service_worker(page)
    page.goto("/checkin/")  # the worker now keeps whatever the page uses
    page.wait_for_load_state("networkidle")

    reached_server = []

    def record(sender, environ, **kwargs):
        reached_server.append(environ["PATH_INFO"])

    responses = []
    page.on("response", lambda response: responses.append(response))
    request_started.connect(record)
    try:
        page.goto("/checkin/")
        page.wait_for_load_state("networkidle")
    finally:
        request_started.disconnect(record)
    assert reached_server == ["/checkin/"]
    # Every file the page used came from the worker's caches.
    files = [r for r in responses if r.request.resource_type != "document"]
    assert len(files) >= 5
    assert all(r.from_service_worker for r in files), [r.url for r in files if not r.from_service_worker]
