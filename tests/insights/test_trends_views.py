"""/trends/, /api/trends/ and the home sparkline: what a patient sees, and whose data."""

import datetime
import io
import json
import random
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checkin.access import StoredTotals
from checkin.insights import sentences, trends
from checkin.insights.pages import sparkline, trends_context
from checkin.models import CheckIn, User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

TEN_YEARS = 3650


def bulk_days(patient, today, count, **fields):
    """`count` consecutive daily check-ins ending today, with gently varying values."""
    rows = []
    for n in range(count):
        values = dict(
            pain=n % 11, mood=10 - n % 11, sleep_hours=Decimal("7.0"), sleep_quality=3, exercise_minutes=(n % 3) * 15
        )
        values.update(fields)
        rows.append(CheckIn(patient=patient, date=today - datetime.timedelta(days=n), **values))
    CheckIn.objects.bulk_create(rows)


def querysets(patient):
    """The patient's check-ins and stored totals, as the views pass them to trends_context."""
    return CheckIn.objects.filter(patient=patient), StoredTotals.of(patient.pk)


def chart_data(html):
    """The JSON block the charts draw from."""
    match = re.search(r'<script id="trends-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


def current_range(html):
    return re.search(r'href="\?days=(\w+)" aria-current="page"', html).group(1)


# --- who may look ---------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/trends/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/trends/")


def test_the_api_answers_anonymous_callers_with_401_json(client):
    response = client.get("/api/trends/?days=30")
    assert response.status_code == 401
    assert response.json() == {"error": "Log in to see your trends."}


def test_it_never_shows_another_patients_check_ins(patient_client, other_patient, today, make_checkin):
    for n in range(20):
        make_checkin(other_patient, today - datetime.timedelta(days=n), pain=9, mood=1)
    html = patient_client.get("/trends/?days=all").content.decode()
    assert "Your charts will grow here" in html
    assert "trends-data" not in html
    api = patient_client.get("/api/trends/?days=all").json()
    assert api["days_checked_in"] == 0
    assert api["insights"] == []
    assert 9 not in api["series"]["pain"]


def test_the_other_patient_sees_only_their_own(client, patient, other_patient, today, make_checkin):
    make_checkin(patient, today, pain=2)
    make_checkin(other_patient, today, pain=9)
    sign_in(client, other_patient)
    api = client.get("/api/trends/?days=7").json()
    assert api["series"]["pain"][-1] == 9
    assert api["days_checked_in"] == 1


# --- the page -------------------------------------------------------------------------


def test_it_shows_thirty_days_by_default_with_the_range_and_days_checked_in(
    patient_client, patient, today, make_checkin
):
    make_checkin(patient, today, pain=3)
    make_checkin(patient, today - datetime.timedelta(days=29), pain=5)
    make_checkin(patient, today - datetime.timedelta(days=30), pain=7)  # one day too old
    html = patient_client.get("/trends/").content.decode()
    start = today - datetime.timedelta(days=29)
    assert f"{start.day} {start:%b %Y} to {today.day} {today:%b %Y}" in html
    assert "Checked in on 2 of 30 days" in html
    assert current_range(html) == "30"


@pytest.mark.parametrize("days, calendar_days", [("7", 7), ("30", 30), ("90", 90), ("365", 365)])
def test_each_range_button_shows_that_many_days(patient_client, patient, today, make_checkin, days, calendar_days):
    make_checkin(patient, today - datetime.timedelta(days=400))  # a history longer than every range
    make_checkin(patient, today)
    html = patient_client.get(f"/trends/?days={days}").content.decode()
    assert f"Checked in on 1 of {calendar_days} days" in html
    assert "so the charts start there" not in html
    assert current_range(html) == days
    assert len(chart_data(html)["dates"]) == calendar_days


def test_a_range_longer_than_the_history_shows_the_history_and_says_so(patient_client, patient, today):
    bulk_days(patient, today, 120)
    first = today - datetime.timedelta(days=119)
    html = patient_client.get("/trends/?days=365").content.decode()
    assert "Checked in on 120 of 120 days" in html
    assert f"Your check-ins start on {first.day} {first:%b %Y}, so the charts start there." in html
    assert chart_data(html)["dates"][0] == first.isoformat()
    assert current_range(html) == "365"


def test_a_range_that_starts_just_before_the_history_is_left_as_it_is(patient_client, patient, today):
    bulk_days(patient, today, 25)
    html = patient_client.get("/trends/?days=30").content.decode()
    assert "Checked in on 25 of 30 days" in html and "so the charts start there" not in html


def test_all_starts_at_the_first_check_in(patient_client, patient, today, make_checkin):
    first = today - datetime.timedelta(days=44)
    make_checkin(patient, first)
    make_checkin(patient, today)
    html = patient_client.get("/trends/?days=all").content.decode()
    assert "Checked in on 2 of 45 days" in html
    assert f"<strong>{first.day} {first:%b %Y} to" in html
    assert current_range(html) == "all"


def test_the_range_buttons_are_links_for_every_range(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    html = patient_client.get("/trends/").content.decode()
    for days, label in [("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("all", "All")]:
        assert re.search(rf'href="\?days={days}"[^>]*>{label}</a>', html), days


@pytest.mark.parametrize("bad", ["-7", "0", "14", "999999999999", "abc", "", "30.0", "all'--", "%00"])
def test_any_other_days_value_falls_back_to_thirty_without_an_error(patient_client, patient, today, make_checkin, bad):
    make_checkin(patient, today - datetime.timedelta(days=100))
    make_checkin(patient, today)
    response = patient_client.get("/trends/", {"days": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Checked in on 1 of 30 days" in html
    assert current_range(html) == "30"
    api = patient_client.get("/api/trends/", {"days": bad})
    assert api.status_code == 200
    assert api.json()["days"] == "30"


def test_a_new_patient_sees_an_encouraging_empty_state_not_an_empty_chart(patient_client):
    html = patient_client.get("/trends/").content.decode()
    assert "Your charts will grow here" in html
    assert 'href="/checkin/"' in html
    assert "<canvas" not in html and "trends-data" not in html
    assert "Week by week" not in html


def test_a_patient_with_only_older_check_ins_is_pointed_to_a_longer_range(patient_client, patient, today, make_checkin):
    make_checkin(patient, today - datetime.timedelta(days=60))
    html = patient_client.get("/trends/").content.decode()
    assert "No check-ins in these 30 days" in html
    assert "Choose a longer range" in html
    assert "<canvas" not in html
    # 90 days: the chart starts at that first check-in, 61 days ago.
    assert "Checked in on 1 of 61 days" in patient_client.get("/trends/?days=90").content.decode()


def test_the_charts_have_titles_and_draw_missing_days_as_gaps_not_zeros(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, pain=6, mood=3, sleep_hours=Decimal("5.5"), exercise_minutes=0)
    make_checkin(patient, today - datetime.timedelta(days=2), pain=2)
    html = patient_client.get("/trends/?days=7").content.decode()
    for title in ("Pain and mood", "Sleep", "Activity", "Week by week", "What stands out"):
        assert f">{title}</h2>" in html
    assert html.count("<canvas") == 3
    assert 'static/vendor/chartjs-4.6.1/chart.umd.min.js" defer' in html
    data = chart_data(html)
    assert data["pain"][-3:] == [2, None, 6]
    assert data["sleep"][-1] == 5.5
    assert data["exercise"][-1] == 0  # a real zero stays a zero
    assert data["resolution"] == "day"


def test_the_page_has_no_inline_script_or_style(patient_client, patient, today, make_checkin):
    make_checkin(patient, today)
    html = patient_client.get("/trends/").content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_the_weekly_table_lists_each_weeks_means_and_totals(patient_client, patient, today, make_checkin):
    # A Monday and Tuesday two weeks back, well inside the 30-day range.
    monday = today - datetime.timedelta(days=today.weekday() + 14)
    make_checkin(patient, monday, pain=2, mood=8, sleep_hours=Decimal("7.0"), exercise_minutes=30)
    make_checkin(
        patient, monday + datetime.timedelta(days=1), pain=5, mood=5, sleep_hours=Decimal("6.0"), exercise_minutes=15
    )
    html = patient_client.get("/trends/").content.decode()
    row = re.search(rf'<th scope="row">{monday.day} {monday:%b}( {monday.year})?</th>(.*?)</tr>', html).group(2)
    assert row == "<td>3.5</td><td>6.5</td><td>6.5</td><td>45</td><td>2</td>"
    assert '<td colspan="4" class="text-body-secondary">No check-ins</td><td>0</td>' in html  # other weeks


def test_insights_appear_with_their_numbers_once_there_are_enough_days(patient_client, patient, today):
    # Pain and mood move in opposite directions; short nights come before painful days.
    rows = []
    for n in range(20):
        bad = n % 2 == 0
        rows.append(
            CheckIn(
                patient=patient,
                date=today - datetime.timedelta(days=n),
                pain=7 if bad else 3,
                mood=3 if bad else 7,
                sleep_hours=Decimal("5.0") if bad else Decimal("8.0"),
                sleep_quality=3,
                exercise_minutes=0 if bad else 30,
            )
        )
    CheckIn.objects.bulk_create(rows)
    html = patient_client.get("/trends/").content.decode()
    assert "On days with more pain your mood was lower: a strong link over 20 days." in html
    assert (
        "After nights under 6 hours of sleep your pain averaged 7.0, against 3.0 after longer nights (10 and 10 days)."
        in html
    )
    assert "On days you exercised your pain averaged 3.0" in html
    kinds = [item["kind"] for item in patient_client.get("/api/trends/").json()["insights"]]
    assert kinds == ["pain_mood", "short_sleep_pain", "exercise", "pain_trend"]


def test_insights_wait_for_fourteen_days_and_say_so(patient_client, patient, today):
    bulk_days(patient, today, 13)
    html = patient_client.get("/trends/").content.decode()
    assert "Insights appear once there are at least 14 check-ins in the range; there are 13 here." in html
    assert 'class="insight ' not in html


# --- the API ----------------------------------------------------------------------------


def test_the_api_returns_the_series_as_lists_with_null_for_missing_days(patient_client, patient, today, make_checkin):
    make_checkin(patient, today, pain=4, mood=6)
    response = patient_client.get("/api/trends/?days=7")
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["days"] == "7"
    assert body["start"] == (today - datetime.timedelta(days=6)).isoformat()
    assert body["end"] == today.isoformat()
    assert body["days_checked_in"] == 1
    series = body["series"]
    assert series["dates"][-1] == today.isoformat()
    assert series["pain"] == [None] * 6 + [4]
    assert series["mood"] == [None] * 6 + [6]
    for key in ("dates", "pain", "mood", "sleep", "exercise", "pain_avg", "mood_avg", "sleep_avg", "exercise_avg"):
        assert len(series[key]) == 7, key
    assert body["insights"] == []


def test_the_api_insights_carry_kind_figures_and_days(patient_client, patient, today):
    bulk_days(patient, today, 30)
    insights = patient_client.get("/api/trends/?days=30").json()["insights"]
    trend = next(item for item in insights if item["kind"] == "pain_trend")
    assert trend["days"] == 30
    assert isinstance(trend["slope"], float)
    assert trend["text"].endswith("over 30 days.")


def test_the_seven_day_average_at_the_start_of_the_range_uses_the_days_before_it(patient_client, patient, today):
    bulk_days(patient, today, 14, pain=4)
    series = patient_client.get("/api/trends/?days=7").json()["series"]
    assert series["pain_avg"][0] == 4.0
    assert patient_client.get("/api/trends/?days=7").json()["days_checked_in"] == 7


def test_ten_years_are_drawn_as_weekly_points_under_530(patient_client, patient, today):
    bulk_days(patient, today, TEN_YEARS)
    series = patient_client.get("/api/trends/?days=all").json()["series"]
    assert series["resolution"] == "week"
    assert 520 <= len(series["dates"]) <= 530
    html = patient_client.get("/trends/?days=all").content.decode()
    assert "Checked in on 3650 of 3650 days" in html
    assert "Each point is one week's average" in html


# --- constant queries -------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/trends/?days=30", "/trends/?days=all", "/api/trends/?days=30", "/api/trends/?days=all"]
)
def test_the_number_of_queries_is_the_same_for_30_and_3650_stored_days(
    client, make_user, today, url, django_assert_max_num_queries
):
    short, long = make_user("short@example.com"), make_user("long@example.com")
    bulk_days(short, today, 30)
    bulk_days(long, today, TEN_YEARS)
    # "all" also reads the last 30 days for the safety signals: one query more.
    budget = 5 if url.startswith("/api/") else 6
    sign_in(client, short)
    count_queries(client, url)  # warm up: session and caches
    with django_assert_max_num_queries(budget):
        with_30 = count_queries(client, url)
    sign_in(client, long)
    count_queries(client, url)
    with django_assert_max_num_queries(budget):
        with_3650 = count_queries(client, url)
    assert with_30 == with_3650


def test_a_numeric_range_is_read_in_one_query(patient, today):
    bulk_days(patient, today, 400)
    with CaptureQueriesContext(connection) as queries:
        trends_context(*querysets(patient), today, "90")
    assert len(queries) == 1


@pytest.mark.parametrize("stored_days", [200, 400])
def test_all_reads_the_stored_weeks_then_the_days_or_the_history_totals(patient, today, stored_days):
    # Under a year: the weeks give the first day, then the days are read.
    # Over a year: the weeks are the chart, and one row holds the totals.
    bulk_days(patient, today, stored_days)
    with CaptureQueriesContext(connection) as queries:
        context = trends_context(*querysets(patient), today, "all")
    assert len(queries) == 2
    assert "checkin_weektotals" in queries[0]["sql"]
    second = "checkin_historytotals" if stored_days > 366 else "checkin_checkin"
    assert second in queries[1]["sql"]
    assert context["days_checked_in"] == stored_days


def test_all_ends_on_a_check_in_dated_after_today(patient, today, make_checkin):
    # A patient who moved west can have a check-in dated "tomorrow" in their
    # new time zone: "all" shows every check-in, so the range reaches it.
    tomorrow = today + datetime.timedelta(days=1)
    bulk_days(patient, today, 400)
    make_checkin(patient, tomorrow, pain=10)
    context = trends_context(*querysets(patient), today, "all")
    assert context["end"] == tomorrow
    assert context["days_checked_in"] == 401
    assert context["calendar_days"] == 401
    assert context["series"]["dates"][-1] == trends.week_start(tomorrow).isoformat()


def test_stored_weekly_totals_give_the_same_page_as_the_pure_calculation(patient, today):
    # Two and a half years with gaps, short nights, rest days and a leap day:
    # older weeks read from WeekTotals must give exactly what trends.py gives from the days.
    rng = random.Random(4)
    rows = [
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=rng.randint(0, 10),
            mood=rng.randint(0, 10),
            sleep_hours=Decimal(rng.choice(["3.5", "5", "5.5", "6", "7.5", "9"])),
            sleep_quality=3,
            exercise_minutes=rng.choice([0, 0, 10, 45, 90]),
        )
        for n in range(900)
        if rng.random() > 0.15 and not 300 <= n < 330  # a missing month, too
    ]
    CheckIn.objects.bulk_create(rows)
    context = trends_context(*querysets(patient), today, "all")
    days = [c.as_day() for c in CheckIn.objects.filter(patient=patient)]
    start = min(d.date for d in days)
    assert context["start"] == start
    assert context["series"] == trends.build_series(days, start, today)
    assert context["series"]["resolution"] == "week"
    assert context["weekly"] == trends.weekly_summary(days, start, today)
    assert context["insights"] == sentences.insights(days)
    assert len(context["insights"]) >= 3
    assert context["days_checked_in"] == len(days)


# --- reuse by other pages -----------------------------------------------------------------


def test_trends_context_reads_only_the_querysets_it_is_given(patient, other_patient, today):
    bulk_days(patient, today, 800, pain=1)
    bulk_days(other_patient, today, 800, pain=9)
    week = trends_context(*querysets(other_patient), today, "7")
    assert week["series"]["pain"][-1] == 9
    assert week["days_checked_in"] == 7
    assert week["range"] == "7"
    everything = trends_context(*querysets(other_patient), today, "all")
    assert set(everything["series"]["pain"]) == {9}  # older weeks from the stored totals, recent from the days
    assert everything["days_checked_in"] == 800


# --- the home sparkline -----------------------------------------------------------------


def test_home_shows_a_seven_day_sparkline_with_todays_values_and_a_text_alternative(
    patient_client, patient, today, make_checkin
):
    make_checkin(patient, today, pain=3, mood=8)
    make_checkin(patient, today - datetime.timedelta(days=1), pain=5, mood=6)
    make_checkin(patient, today - datetime.timedelta(days=4), pain=7, mood=2)
    html = patient_client.get("/").content.decode()
    assert '<svg viewBox="0 0 280 66" role="img" aria-labelledby="sparkline-title"' in html
    # Each day's short name under its point, today's last.
    names = re.findall(r'<text class="spark-day"[^>]*>(\w+)</text>', html)
    assert names == [(today - datetime.timedelta(days=n)).strftime("%a") for n in range(6, -1, -1)]
    assert (
        '<title id="sparkline-title">Pain and mood over the last 7 days, oldest first, out of 10. '
        "Pain: none, none, 7, none, none, 5, 3. Mood: none, none, 2, none, none, 6, 8.</title>"
    ) in html
    assert "Today: pain 3, mood 8" in html


def test_home_has_no_sparkline_without_check_ins_in_the_last_week(patient_client, patient, today, make_checkin):
    make_checkin(patient, today - datetime.timedelta(days=8))
    assert "sparkline" not in patient_client.get("/").content.decode()


def test_the_sparkline_breaks_its_line_at_missing_days(patient, today, make_checkin):
    days = [0, 1, 3, 5, 6]  # days ago; 2 and 4 are missing
    checkins = [make_checkin(patient, today - datetime.timedelta(days=n), pain=10 - n, mood=n) for n in days]
    spark = sparkline(checkins, today)
    # Oldest first: 6 and 5 days ago join, 3 days ago stands alone, 1 and 0 join.
    assert len(spark["pain"]["segments"]) == 2
    assert len(spark["pain"]["dots"]) == 5
    # Pain 10 is at the top (y = padding), pain 4 lower down.
    assert spark["pain"]["dots"][-1] == (266.0, 6.0)
    assert spark["pain"]["dots"][0] == (14.0, 30.0)
    assert [x for x, _ in spark["days"]] == [14.0, 56.0, 98.0, 140.0, 182.0, 224.0, 266.0]


@pytest.mark.parametrize("days", ["30", "90", "all"])
def test_the_demo_patient_sees_at_least_three_insights(client, days):
    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    sign_in(client, User.objects.get(email="demo@mend.example"))
    insights = client.get(f"/api/trends/?days={days}").json()["insights"]
    assert len(insights) >= 3, insights
