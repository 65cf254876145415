"""Every main page at phone size, light and dark: a screenshot for a person to
look at (tests/e2e/artifacts/<scheme>-<page>.png) and axe-core with no serious
or critical problem, logged out and logged in."""

import datetime

import pytest

PUBLIC_PAGES = {
    "landing": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "help": "/help/",
    "offline": "/offline/",
    "not-found": "/no-such-page/",
}
PATIENT_PAGES = {
    "home": "/",
    "checkin": "/checkin/",
    "history": "/history/",
    "help-signed-in": "/help/",
    "account": "/account/",
    "not-found-signed-in": "/no-such-page/",
    "trends": "/trends/",
    "guidance": "/guidance/",
    "share": "/share/",
    "measures": "/measures/",
    "safety-plan": "/safety-plan/",
    "medicines": "/medicines/",
}
SCHEMES = ("light", "dark")
# What a thumb aims at: every one must be at least 44x44 CSS px (WCAG 2.5.5).
TARGETS = (
    "button, .btn, summary, select, textarea, .scale-btn, .choice-btn, "
    "input:not([type=hidden]):not([type=radio]):not([type=checkbox])"
)


@pytest.fixture
def two_weeks(patient, today, make_checkin):
    """A patient with a fortnight of check-ins, so pages show what they show in use."""
    for days_ago in range(1, 15):
        make_checkin(patient, today - datetime.timedelta(days=days_ago), pain=3 + days_ago % 5, mood=7 - days_ago % 4)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_public_pages_look_right_and_pass_axe(phone_page, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    for name, path in PUBLIC_PAGES.items():
        page.goto(path)
        shot(page, f"{scheme}-{name}")
        axe_check(page, f"{path} ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_patient_pages_look_right_and_pass_axe(
    phone_page, log_in, patient, two_weeks, loaded_guidance, shot, axe_check, scheme
):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    for name, path in PATIENT_PAGES.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")  # charts and the queue status draw after load
        shot(page, f"{scheme}-{name}")
        axe_check(page, f"{path} ({scheme}, signed in)")


def test_no_page_scrolls_sideways_on_the_smallest_phones(phone_page, log_in, patient, two_weeks, loaded_guidance):
    page = phone_page()
    page.set_viewport_size({"width": 320, "height": 640})
    for name, path in PUBLIC_PAGES.items():
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    log_in(page, patient)
    for name, path in {**PUBLIC_PAGES, **PATIENT_PAGES}.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{name} (signed in)"


def test_the_main_tabs_sit_under_the_thumb_on_a_phone_and_under_the_header_at_a_desk(phone_page, log_in, patient, shot):
    page = phone_page()
    log_in(page, patient)
    page.goto("/history/")
    tabs = page.get_by_role("navigation", name="Main")
    box = tabs.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(844, abs=1)  # the bottom of the phone's screen

    page.set_viewport_size({"width": 1280, "height": 800})
    header, box = page.locator("header.topbar").bounding_box(), tabs.bounding_box()
    assert box["y"] == pytest.approx(header["y"] + header["height"], abs=1)
    assert page.locator("main").bounding_box()["y"] >= box["y"] + box["height"]
    # The page's column lines up with the header's (not Bootstrap's wider container).
    brand = page.locator(".brand").bounding_box()
    assert page.locator("main h1").bounding_box()["x"] == pytest.approx(brand["x"], abs=2)
    for name in ("Home", "Check in", "History", "Trends", "Account"):
        assert tabs.get_by_role("link", name=name, exact=True).bounding_box()["height"] >= 44, name
    # The header's own Account link would say it twice.
    assert not page.locator("header").get_by_role("link", name="Account").is_visible()
    shot(page, "desk-history-tabs", full_page=False)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_status_messages_and_install_offer_look_right_and_pass_axe(
    phone_page, log_in, patient, yesterday, make_checkin, wait_for_service_worker, shot, axe_check, scheme
):
    """What js/pwa/ adds: the offline note, a waiting check-in, one needing a fix, the install offer."""
    from checkin.core.sync import owner_tag

    make_checkin(patient, yesterday)  # the install offer follows the first check-in
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    wait_for_service_worker(page)
    page.goto("/")
    page.evaluate(
        """(owner) => MendQueue.add({date: "2000-01-01", pain: "11", mood: "5", sleep_hours: "7", sleep_quality: "3",
                                     exercise_minutes: "0", exercise_kind: "none", symptoms: [], note: ""}, owner)""",
        owner_tag(patient),
    )
    page.reload()
    page.locator(".queue-invalid").wait_for()
    page.context.set_offline(True)
    page.evaluate(
        """(owner) => MendQueue.add({date: "2000-01-02", pain: "4", mood: "5", sleep_hours: "7", sleep_quality: "3",
                                     exercise_minutes: "0", exercise_kind: "none", symptoms: [], note: ""}, owner)""",
        owner_tag(patient),
    )
    page.reload()
    page.evaluate("() => window.dispatchEvent(Object.assign(new Event('beforeinstallprompt'), { prompt() {} }))")
    page.get_by_role("button", name="Install Mend").wait_for()
    page.locator(".queue-waiting").wait_for()
    shot(page, f"{scheme}-home-offline-status")
    axe_check(page, f"home with status messages ({scheme})")


def test_the_manifest_screenshot_is_the_real_check_in_page_at_its_declared_size(new_context, log_in, patient, shot):
    """Retakes static/img/screenshot-checkin.png's source (artifacts/manifest-screenshot.png);
    scripts/compress_screenshot.py turns it into the committed file."""
    import struct

    from django.contrib.staticfiles import finders

    page = new_context(device_scale_factor=2).new_page()
    log_in(page, patient)
    page.goto("/checkin/")
    for label in ("id_pain_3", "id_mood_7", "id_sleep_quality_3"):
        page.locator(f"label[for={label}]").click()
    page.get_by_label("Hours of sleep last night").fill("7.5")
    page.get_by_label("Minutes of activity today").fill("20")
    page.locator("input[name=exercise_kind][value=walking] + label").click()
    page.mouse.click(1, 1)  # no focus ring in the picture
    taken = shot(page, "manifest-screenshot", full_page=False)

    manifest = page.request.get("/manifest.json").json()
    declared = manifest["screenshots"][0]["sizes"]
    committed = open(finders.find("img/screenshot-checkin.png"), "rb").read()
    for png in (taken.read_bytes(), committed):
        assert "%dx%d" % struct.unpack(">II", png[16:24]) == declared


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_reports_nothing_on_any_page_at_390_and_320(
    phone_page, log_in, patient, two_weeks, loaded_guidance, axe_check, shot, scheme, width
):
    page = phone_page(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 640})
    found = {}
    for name, path in PUBLIC_PAGES.items():
        page.goto(path)
        found[name] = axe_check(page, f"{path} ({scheme}, {width})")
    log_in(page, patient)
    more = {"two-step": "/account/second-step/"}
    for name, path in {**PATIENT_PAGES, **more}.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found[name] = axe_check(page, f"{path} ({scheme}, {width}, signed in)")
        if width == 320:
            shot(page, f"{scheme}-320-{name}", full_page=False)
    # Not even a minor or moderate finding, on any page.
    assert {name: [v["id"] for v in violations] for name, violations in found.items() if violations} == {}


def test_every_control_is_a_thumb_sized_target_on_the_smallest_phones(
    phone_page, log_in, patient, two_weeks, loaded_guidance
):
    page = phone_page()
    page.set_viewport_size({"width": 320, "height": 640})
    small = {}

    def check(pages, who):
        for name, path in pages.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            found = page.evaluate(
                """selector => [...document.querySelectorAll(selector)]
                .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
                .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
                .filter(([, box]) => box.width < 44 || box.height < 44)
                .map(([html, box]) => `${html} (${Math.round(box.width)}x${Math.round(box.height)})`)""",
                TARGETS,
            )
            if found:
                small[f"{name} ({who})"] = found

    check(PUBLIC_PAGES, "signed out")  # signed in, most of them lead home
    log_in(page, patient)
    check(PATIENT_PAGES, "signed in")
    assert not small, "\n".join(f"{name}: {item}" for name, items in small.items() for item in items)
