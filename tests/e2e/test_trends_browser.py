"""/trends/ in a phone-sized Chromium: demo data, light and dark, an empty account, and offline."""

import datetime

import pytest
from django.utils import dateformat

from checkin.management.commands.seed_demo import demo_days
from checkin.models import CheckIn
from tests.e2e.pwa_helpers import visit_while_online

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS = ("pain_mood", "sleep", "exercise")
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('canvas[data-trends-chart]')]
  .map((canvas) => { const chart = window.Chart && window.Chart.getChart(canvas);
                     return chart ? canvas.getAttribute('data-trends-chart') : null; })"""


@pytest.fixture
def demo_history(patient):
    """The patient gets what `make demo` gives its demo patient: 120 days of realistic check-ins."""
    CheckIn.objects.bulk_create(CheckIn(patient=patient, **row) for row in demo_days(patient.today(), 120))


def collect_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def assert_charts_drawn(page):
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas[data-trends-chart]').length === 3")
    assert page.evaluate(CHARTS_DRAWN_JS) == list(CHARTS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_demo_patient_sees_clear_charts_and_at_least_three_insights(
    phone_page, log_in, patient, demo_history, shot, axe_check, scheme
):
    page = phone_page(color_scheme=scheme)
    errors = collect_errors(page)
    log_in(page, patient)
    page.goto("/trends/")
    assert_charts_drawn(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Your trends"
    for title in ("Pain and mood", "Sleep", "Activity", "What stands out", "Week by week"):
        assert page.get_by_role("heading", name=title, exact=True).is_visible()
    assert page.locator(".insight").count() >= 3
    assert "Checked in on" in page.locator(".trends-summary").inner_text()
    # Big targets, nothing wider than the phone.
    for button in page.locator(".range-buttons a").all():
        assert button.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
    shot(page, f"trends-demo-{scheme}")
    axe_check(page, f"trends ({scheme})")


def test_the_range_buttons_change_the_range(patient_page, demo_history):
    page = patient_page
    page.goto("/trends/")
    page.get_by_role("link", name="1 year").click()
    page.wait_for_url("**/trends/?days=365")
    assert page.get_by_role("link", name="1 year").get_attribute("aria-current") == "page"
    # The demo history is 120 days: a year's chart shows those, and says so.
    summary = page.locator(".trends-summary").inner_text()
    assert "of 120 days" in summary and "so the charts start there" in summary
    assert_charts_drawn(page)


@pytest.mark.parametrize("width", [320, 360])
def test_the_week_by_week_table_fits_a_small_phone_caption_and_all(
    phone_page, log_in, patient, demo_history, shot, width
):
    page = phone_page()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, patient)
    page.goto("/trends/")
    sizes = page.evaluate("""() => {
      const table = document.querySelector('.weekly-table');
      return {table: table.scrollWidth, box: table.closest('.table-responsive').clientWidth,
              page: document.documentElement.scrollWidth}; }""")
    assert sizes["table"] <= sizes["box"], sizes  # nothing to scroll sideways, the caption not cut
    assert sizes["page"] <= width, sizes
    page.locator("#week-by-week").scroll_into_view_if_needed()
    shot(page, f"trends-week-table-{width}", full_page=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_empty_account_sees_an_encouraging_start(phone_page, log_in, patient, shot, axe_check, scheme):
    page = phone_page(color_scheme=scheme)
    log_in(page, patient)
    page.goto("/trends/")
    assert page.get_by_role("heading", name="Your charts will grow here").is_visible()
    assert page.get_by_role("link", name="Check in now").bounding_box()["height"] >= 44
    assert page.locator("canvas").count() == 0
    shot(page, f"trends-empty-{scheme}")
    axe_check(page, f"trends, empty ({scheme})")


def test_home_shows_the_week_as_a_sparkline(patient_page, demo_history, shot):
    page = patient_page
    page.goto("/")
    sparkline = page.get_by_role("img", name="Pain and mood over the last 7 days")
    assert sparkline.is_visible()
    assert page.locator(".sparkline polyline").count() >= 1
    shot(page, "home-sparkline")


def test_the_trends_page_once_opened_draws_its_charts_offline(
    patient_page, demo_history, wait_for_service_worker, shot
):
    page = patient_page
    page.goto("/")
    wait_for_service_worker(page)
    # Going offline only after the worker has kept the page (it stores it
    # after answering, so a quick test could otherwise outrun it).
    visit_while_online(page, "/trends/")
    assert_charts_drawn(page)
    insights = page.locator(".insight").all_inner_texts()
    page.context.set_offline(True)
    try:
        page.goto("/trends/")
        assert page.get_by_role("heading", level=1).inner_text() == "Your trends"
        assert_charts_drawn(page)
        assert page.locator(".insight").all_inner_texts() == insights
        assert page.get_by_role("heading", name="Week by week").is_visible()
        shot(page, "trends-demo-offline")
    finally:
        page.context.set_offline(False)


CHART_DATES_JS = """() => {
  const chart = Chart.getChart(document.querySelector('canvas[data-trends-chart]'));
  const tick = chart.options.scales.x.ticks.callback;
  const title = chart.options.plugins.tooltip.callbacks.title;
  return chart.data.labels.map((iso, i) => [iso, tick.call(chart.scales.x, null, i), title([{ dataIndex: i }])]);
}"""


@pytest.mark.parametrize(
    "days, tick_format, title_format",
    [("365", "j M", "D j M Y"), ("all", "M Y", "\\W\\e\\e\\k \\o\\f j M Y")],
)
def test_chart_dates_are_written_as_the_tables_write_them(patient_page, patient, days, tick_format, title_format):
    """Every month of a year (and weeks, past a year) on the axis and in the
    tooltips, abbreviated as Django abbreviates them in the tables ("Sep",
    where browsers' en-GB says "Sept")."""
    CheckIn.objects.bulk_create(CheckIn(patient=patient, **row) for row in demo_days(patient.today(), 400))
    page = patient_page
    page.goto(f"/trends/?days={days}")
    assert_charts_drawn(page)
    rows = page.evaluate(CHART_DATES_JS)
    assert len(rows) >= 52
    expected = []
    for iso, _, _ in rows:
        day = datetime.date.fromisoformat(iso)
        expected.append([iso, dateformat.format(day, tick_format), dateformat.format(day, title_format)])
    assert rows == expected
    assert any(tick.startswith("Sep") or " Sep" in tick for _, tick, _ in rows)


def test_chart_text_is_big_enough_and_the_averages_look_like_their_legend_marks(patient_page, demo_history):
    page = patient_page
    page.goto("/trends/")
    assert_charts_drawn(page)
    drawn = page.evaluate("""() => {
      const chart = Chart.getChart(document.querySelector('canvas[data-trends-chart=pain_mood]'));
      return {font: Chart.defaults.font.size,
              dashed: chart.data.datasets.filter(d => (d.borderDash || []).length).length,
              clipped: chart.data.datasets.filter(d => d.clip !== false).length}; }""")
    assert drawn == {"font": 14, "dashed": 0, "clipped": 0}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/checkin/",
        "/history/",
        "/trends/",
        "/account/",
        "/share/",
        "/measures/",
        "/help/",
        "/account/second-step/",
    ],
)
def test_nothing_scrolls_sideways_at_320_px_and_range_buttons_are_big_enough(
    phone_page, log_in, patient, demo_history, path
):
    page = phone_page()
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, patient)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for box in page.locator(".range-buttons .btn").evaluate_all("els => els.map(e => e.getBoundingClientRect())"):
        assert box["width"] >= 44 and box["height"] >= 44, box
