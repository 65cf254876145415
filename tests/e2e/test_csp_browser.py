"""Every page, the service worker and the admin still work in a real Chromium
under the Content Security Policy: the browser reports no violation, no
console error and no script error anywhere."""

import datetime

import pytest

from checkin.web.errors import unavailable_response

pytestmark = pytest.mark.django_db(transaction=True)

ANONYMOUS_PAGES = [
    "/",
    "/help/",
    "/guidance/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/offline/",
]
PATIENT_PAGES = ["/", "/checkin/", "/history/", "/trends/", "/trends/?days=30", "/account/", "/share/", "/share/views/"]

# Registered before any page script runs, in every page and frame; the
# violation is sent back to the test through an exposed binding, so none is
# lost to a navigation.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || location.pathname}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(new_context):
    """`watched(color_scheme="light") -> (page, problems)`: a phone page whose CSP
    violations, console errors and warnings, and uncaught script errors are
    collected into `problems`."""

    def open_page(color_scheme="light"):
        context = new_context(color_scheme=color_scheme)
        problems = []
        context.expose_function("reportViolation", lambda text: problems.append(f"CSP violation: {text}"))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda msg: note_console(msg, problems))
        page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
        return page, problems

    return open_page


def note_console(msg, problems):
    if msg.type not in ("error", "warning"):
        return
    source = msg.location.get("url", "")
    problems.append(f"console {msg.type}: {msg.text} ({source})")


def visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")


@pytest.fixture
def patient_with_history(patient, make_checkin, loaded_guidance):
    today = patient.today()
    for n in range(1, 40):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=(n * 3) % 11, mood=(n * 7) % 11)
    return patient


def test_public_pages_run_without_a_policy_violation(watched):
    page, problems = watched()
    for path in ANONYMOUS_PAGES:
        visit(page, path)
    assert problems == []


def test_a_patients_pages_and_charts_work_under_the_policy(watched, log_in, patient_with_history):
    page, problems = watched()
    log_in(page, patient_with_history)
    for path in PATIENT_PAGES:
        visit(page, path)
    # The charts were drawn by Chart.js, which styles its canvas from script.
    visit(page, "/trends/?days=30")
    assert page.locator("canvas").count() >= 1
    assert page.locator("canvas").first.bounding_box()["height"] > 50
    assert problems == []


def test_a_check_in_is_saved_through_the_form_under_the_policy(watched, log_in, patient):
    page, problems = watched(color_scheme="dark")
    log_in(page, patient)
    visit(page, "/checkin/")
    for field, value in (("pain", "4"), ("mood", "6"), ("sleep_quality", "3")):
        page.locator(f"label[for=id_{field}_{value}]").click()
    page.get_by_label("Hours of sleep last night").fill("7.5")
    page.get_by_label("Minutes of activity today").fill("20")
    page.locator("input[name=exercise_kind][value=walking] + label").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save check-in").click()
    assert "Saved your check-in for today" in page.content()
    assert problems == []


def test_the_service_worker_installs_and_controls_the_page_under_the_policy(
    watched, log_in, patient, wait_for_service_worker
):
    page, problems = watched()
    log_in(page, patient)
    visit(page, "/")
    wait_for_service_worker(page)
    # A page loaded through the worker is still under the policy and still clean.
    visit(page, "/history/")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/serviceworker.js")
    assert problems == []


def test_the_clinician_pages_work_under_the_policy(watched, log_in, clinician, share, patient_with_history):
    page, problems = watched()
    log_in(page, clinician)
    for path in (
        "/clinician/",
        "/clinician/redeem/",
        f"/clinician/patients/{share.pk}/",
        f"/clinician/patients/{share.pk}/report/",
    ):
        visit(page, path)
    assert problems == []


def test_the_admin_and_its_guidance_preview_work_under_the_policy(watched, log_in, make_user, loaded_guidance):
    from checkin.models import GuidancePage

    page, problems = watched()
    log_in(page, make_user("admin@example.com", is_staff=True, is_superuser=True))
    guide = GuidancePage.objects.first()
    for path in ("/admin/", "/admin/checkin/guidancepage/", f"/admin/checkin/guidancepage/{guide.pk}/change/"):
        visit(page, path)
    assert problems == []


def test_the_503_page_shows_under_the_policy(watched):
    page, problems = watched(color_scheme="dark")
    response = unavailable_response()
    page.route(
        "**/history/",
        lambda route: route.fulfill(
            status=503,
            body=response.content,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
            },
        ),
    )
    page.goto("/history/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Mend is taking a short break").is_visible()
    # The one expected complaint: the page's own 503 status.
    assert [p for p in problems if "status of 503" not in p] == []


def test_the_watch_would_catch_an_inline_script_or_style(watched):
    # Guards the tests above: the same policy on a page that breaks it is reported.
    page, problems = watched()
    policy = page.request.get("/help/").headers["content-security-policy"]
    page.route(
        "**/help/",
        lambda route: route.fulfill(
            status=200,
            body='<!doctype html><p style="color: red">x</p><script>document.title = "ran"</script>',
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
        ),
    )
    page.goto("/help/")
    page.wait_for_load_state("networkidle")
    assert page.title() != "ran"
    assert any("script-src" in p for p in problems), problems
    assert any("style-src" in p for p in problems), problems
