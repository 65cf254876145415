"""The read replica (checkin/core/replica.py) and the pooler setting: which
views read from the replica, read-your-writes, the "as of" note, a replica
that does not answer, and what the environment turns on."""

import datetime
import json
import sys

import pytest
from django.db import DatabaseError
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import get_resolver

from checkin.core import replica
from checkin.models import CheckIn
from tests.web.test_hardening import run_clean

# The pages that only read what others wrote: the clinician's, and the patient's downloads.
REPLICA_VIEWS = {
    "clinician_home",
    "clinician_patient",
    "clinician_report",
    "clinician_report_csv",
    "clinician_safety_plan",
    "clinician_fhir",
    "account_export",
}


def _reads_replica(callback) -> bool:
    while callback is not None:
        if getattr(callback, "reads_replica", False):
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def _names(resolver, found):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            _names(pattern, found)
        elif pattern.name and _reads_replica(pattern.callback):
            found.add(pattern.name)
    return found


def test_only_the_pages_that_read_others_writes_read_from_the_replica():
    # Home, the check-in pages and the API read back the patient's own writes: never here.
    assert _names(get_resolver(), set()) == REPLICA_VIEWS


def where_reads_go(request):
    return HttpResponse(replica.Router().db_for_read(CheckIn))


@pytest.fixture
def configured(monkeypatch):
    """A replica that answers and is up to date (its own behaviour is tested in make scaletest)."""
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replayed_as_of", lambda: None)


def test_without_a_replica_every_read_goes_to_the_primary():
    request = RequestFactory().get("/clinician/")
    assert replica.reads_replica(where_reads_go)(request).content == b"default"
    assert replica.Router().db_for_read(CheckIn) == "default"


def test_inside_a_replica_view_reads_go_to_the_replica_and_writes_never(configured):
    def view(request):
        router = replica.Router()
        return HttpResponse(f"{router.db_for_read(CheckIn)} {router.db_for_write(CheckIn)}")

    assert replica.reads_replica(view)(RequestFactory().get("/clinician/")).content == b"replica default"
    assert replica.Router().db_for_read(CheckIn) == "default"  # and only while it runs
    assert not replica.Router().allow_migrate("replica", "checkin")
    assert replica.Router().allow_migrate("default", "checkin")


def test_a_download_reads_from_the_replica_chunk_by_chunk_and_nothing_after(configured):
    def view(request):
        return StreamingHttpResponse(replica.Router().db_for_read(CheckIn) for _ in range(3))

    response = replica.reads_replica(view)(RequestFactory().get("/account/export/"))
    chunks = iter(response.streaming_content)
    assert next(chunks) == b"replica"
    # Between chunks the worker's context is its own again.
    assert replica.Router().db_for_read(CheckIn) == "default"
    assert list(chunks) == [b"replica", b"replica"]


def test_after_a_write_the_same_browser_reads_from_the_primary(configured):
    middleware = replica.PrimaryAfterWrite(lambda request: HttpResponse(status=302))
    saved = middleware(RequestFactory().post("/clinician/patients/x/signals/seen/"))
    cookie = saved.cookies[replica.AFTER_WRITE_COOKIE]
    assert cookie["max-age"] == replica.AFTER_WRITE_SECONDS and cookie["httponly"]
    request = RequestFactory().get("/clinician/patients/x/")
    request.COOKIES[replica.AFTER_WRITE_COOKIE] = cookie.value
    assert replica.reads_replica(where_reads_go)(request).content == b"default"
    # A read, or a refused write, sets nothing.
    assert replica.AFTER_WRITE_COOKIE not in middleware(RequestFactory().get("/")).cookies
    refused = replica.PrimaryAfterWrite(lambda request: HttpResponse(status=400))
    assert replica.AFTER_WRITE_COOKIE not in refused(RequestFactory().post("/")).cookies


def test_a_replica_that_does_not_answer_sends_the_page_to_the_primary(monkeypatch, caplog):
    monkeypatch.setattr(replica, "configured", lambda: True)

    def down():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(replica, "replayed_as_of", down)
    assert replica.reads_replica(where_reads_go)(RequestFactory().get("/clinician/")).content == b"default"
    assert "does not answer" in caplog.text


@pytest.mark.django_db
def test_a_lagging_replica_is_shown_to_the_clinician_as_of_its_time(monkeypatch, clinician_client, clinician, share):
    monkeypatch.setattr(replica, "configured", lambda: True)
    behind = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    monkeypatch.setattr(replica, "replayed_as_of", lambda: behind)
    # In tests the replica alias is the primary: reading "there" is reading here.
    monkeypatch.setattr(replica, "REPLICA", "default")
    page = clinician_client.get(f"/clinician/patients/{share.id}/").content.decode()
    local = behind.astimezone(clinician.zone)
    assert f"As of {local.day} {local:%b, %H:%M}: anything saved since then is not shown yet." in page
    # Behind by less than MEND_REPLICA_LAG_NOTE_SECONDS: nothing to say.
    monkeypatch.setattr(replica, "replayed_as_of", lambda: datetime.datetime.now(datetime.timezone.utc))
    assert "data-replica-as-of" not in clinician_client.get("/clinician/").content.decode()


def settings_for(**env) -> dict:
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'middleware': s.MIDDLEWARE}, default=str))"
    )
    result = run_clean([sys.executable, "-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_environment_turns_on_the_pooler_setting_and_the_replica():
    plain = settings_for(DATABASE_URL="postgres://mend@127.0.0.1:5432/mend")
    assert not plain["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    assert set(plain["databases"]) == {"default"} and plain["routers"] == []
    assert "checkin.core.replica.PrimaryAfterWrite" not in plain["middleware"]
    both = settings_for(
        DATABASE_URL="postgres://mend@127.0.0.1:6432/mend",
        DATABASE_POOLER="transaction",
        DATABASE_REPLICA_URL="postgres://mend@127.0.0.1:6433/mend",
    )
    assert both["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    assert both["databases"]["replica"]["DISABLE_SERVER_SIDE_CURSORS"]
    assert both["databases"]["replica"]["PORT"] == 6433
    assert both["databases"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert both["routers"] == ["checkin.core.replica.Router"]
    assert both["middleware"].index("checkin.core.replica.PrimaryAfterWrite") < both["middleware"].index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_an_unknown_pooler_mode_stops_the_server_with_the_allowed_value():
    result = run_clean([sys.executable, "-c", "import config.settings"], DATABASE_POOLER="session")
    assert result.returncode != 0
    assert "DATABASE_POOLER is 'session': set it to transaction, or leave it unset." in result.stderr


def test_check_deploy_warns_of_pgbouncers_port_without_the_pooler_setting():
    command = [sys.executable, "manage.py", "check", "--deploy"]
    warned = run_clean(command, DATABASE_URL="postgres://mend@127.0.0.1:6432/mend")
    assert "mend.W010" in warned.stderr + warned.stdout
    assert "DATABASE_POOLER=transaction" in warned.stderr + warned.stdout
    quiet = run_clean(command, DATABASE_URL="postgres://mend@127.0.0.1:6432/mend", DATABASE_POOLER="transaction")
    assert "mend.W010" not in quiet.stderr + quiet.stdout
