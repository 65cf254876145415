"""The report's server-drawn charts: a missing day breaks the line, axes round up, nothing is drawn off the chart."""

from checkin.core.charts import line_chart, report_charts


def series(pain, avg=None):
    dates = [f"2026-11-{n:02}" for n in range(1, len(pain) + 1)]
    return {"dates": dates, "pain": pain, "pain_avg": avg or [None] * len(pain)}


def test_a_missing_day_breaks_the_average_line_and_has_no_dot():
    chart = line_chart(series([4, None, 6, 7], avg=[4, None, 5, 6]), ("pain",), top=10)
    [line] = chart["lines"]
    assert len(line["dots"]) == 3
    assert len(line["average"]) == 2  # two runs: before and after the gap
    assert line["average"][1].count(",") == 2


def test_values_stay_inside_the_drawing_area():
    chart = line_chart(series([0, 10, 5]), ("pain",), top=10, height=120)
    ys = [dot["y"] for dot in chart["lines"][0]["dots"]]
    xs = [dot["x"] for dot in chart["lines"][0]["dots"]]
    assert min(ys) >= 0 and max(ys) <= chart["bottom"]
    assert xs[0] == chart["left"] and xs[-1] == chart["right"]


def test_the_axis_rounds_up_to_hold_the_highest_value():
    assert line_chart(series([0, 75, 30]), ("pain",), at_least=60)["ticks"][-1]["value"] == "80"
    assert line_chart(series([0, 7, 3]), ("pain",), at_least=10)["ticks"][-1]["value"] == "10"
    assert line_chart(series([0, 13, 3]), ("pain",), at_least=10)["ticks"][-1]["value"] == "15"


def test_the_dates_label_the_start_middle_and_end():
    chart = line_chart(series([1, 2, 3, 4, 5]), ("pain",), top=10)
    assert [d["text"] for d in chart["dates"]] == ["1 Nov", "3 Nov", "5 Nov"]


def test_the_report_has_pain_and_mood_sleep_and_activity():
    days = series([3, 4])
    days.update(
        mood=[6, 5],
        mood_avg=[None, None],
        sleep=[7.5, 6],
        sleep_avg=[None, None],
        exercise=[0, 30],
        exercise_avg=[None, None],
    )
    charts = report_charts(days)
    assert [line["key"] for line in charts["pain_mood"]["lines"]] == ["pain", "mood"]
    assert charts["exercise"]["ticks"][-1]["value"] == "60"
