"""The benchmarks' requests still get the page they time as the app changes
(`make bench` itself is too slow for every run of the suite): a benchmark
that times a redirect to a login step measures nothing."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import bench_clinic  # noqa: E402
import bench_trends  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", bench_clinic.PATHS)
def test_the_clinic_benchmark_reads_the_patient_list_past_the_second_step(clinician, share, path):
    response = bench_clinic.list_page(clinician, path)()
    assert share.patient.email in response.content.decode()


@pytest.mark.parametrize("range_key", ["30", "all"])
def test_the_trends_benchmark_reads_the_trends_page(patient, make_checkin, today, range_key):
    make_checkin(patient, today)
    response = bench_trends.case(patient, range_key)()
    assert b"Your trends" in response.content


@pytest.mark.slow
def test_the_load_benchmarks_seeded_sessions_get_what_each_scenario_expects(
    client, settings, tmp_path, loaded_guidance
):
    """Each Mend scenario's first seeded session, sent as wrk sends it (the
    session cookie and CSRF token, the check-in form for a POST), gets the expected status."""
    import loadbench

    loadbench.seed(tmp_path)
    for scenario in loadbench.SCENARIOS:
        if scenario.server != "mend" or scenario.sessions is None or scenario.path.startswith("/bench/"):
            continue
        session_key, token = (tmp_path / f"sessions-{scenario.sessions}.txt").read_text().splitlines()[0].split()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        client.cookies[settings.CSRF_COOKIE_NAME] = token
        if scenario.method == "POST":
            form = {
                "csrfmiddlewaretoken": token,
                "pain": 4,
                "mood": 6,
                "sleep_hours": 7,
                "sleep_quality": 3,
                "exercise_minutes": 20,
                "exercise_kind": "walking",
                "note": "",
            }  # as scripts/loadbench.lua
            response = client.post(scenario.path, form)
        else:
            response = client.get(scenario.path)
        assert response.status_code == scenario.expected, scenario.name
