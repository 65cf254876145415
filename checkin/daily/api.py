"""The JSON API the offline queue talks to: `/api/checkins/`.

POST one check-in (the check-in form's field names, `date` as YYYY-MM-DD, a
`client_uuid`, optionally `updated_at` and the page's `owner` tag):
201 created, 200 when that uuid was already stored, the day already had a
row, or the day was deleted after these answers were edited (the body's
`outcome` and `winner` say which answers the day now holds; see sync.py),
400 with `{"errors": {field: [messages]}}` for bad input.
GET `?since=YYYY-MM-DD` lists the signed-in patient's own check-ins.

Session authentication (401 when logged out); POSTs carry the CSRF token in
`X-CSRFToken` (403 without it). Every answer is JSON, including refusals,
and none is ever stored by a cache.
The answers are validated by the same CheckInForm as the web form.
"""

import datetime
import json

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache

from checkin import access
from checkin.daily.answers import ANSWER_FIELDS, record
from checkin.daily.forms import CheckInForm
from checkin.daily.sync import Outcome, UuidTaken, store_client_checkin
from checkin.pwa.app_shell import owner_tag

# One check-in with the longest note, every character escaped as \uXXXX, is
# about 13 KB; anything much bigger is not a check-in.
MAX_BODY_BYTES = 32 * 1024
# JSON values the form reads as one answer each; `symptoms` is a list.
SINGLE_VALUE_FIELDS = ("date", *(field for field in ANSWER_FIELDS if field != "symptoms"), "client_uuid")
REQUIRED_HERE = {
    # Optional on the web form (the URL gives the day, the server a uuid), required here.
    "date": "Day: enter a date as YYYY-MM-DD.",
    "client_uuid": "client_uuid: send the UUID this check-in was saved under on the phone.",
}


def error(status, errors):
    return JsonResponse({"errors": errors}, status=status)


def collection(request, noun: str, read, send):
    """A JSON collection of the patient's own ``noun`` ("check-ins"): GET
    ``read``s them all, POST ``send``s one (what the offline queue does).
    401, not a redirect to the login page, so the queue keeps what it holds."""
    if not request.user.is_authenticated:
        return error(401, {"__all__": [f"Log in to send or read {noun}."]})
    if request.method == "POST":
        return send(request)
    if request.method in ("GET", "HEAD"):
        return read(request)
    response = error(405, {"__all__": [f"Use GET to read {noun} or POST to send one."]})
    response["Allow"] = "GET, HEAD, POST"
    return response


@never_cache
def checkins(request):
    return collection(request, "check-ins", read=_list, send=_receive)


def _list(request):
    rows = access.own_checkins(request.user).order_by("date")
    since = request.GET.get("since")
    if since is not None:
        try:
            rows = rows.filter(date__gte=datetime.date.fromisoformat(since))
        except ValueError:
            return error(400, {"since": ["since: enter a date as YYYY-MM-DD."]})
    return JsonResponse({"checkins": [_as_json(row) for row in rows]})


def _receive(request):
    payload, problem = read_json(request)
    if problem:
        return problem
    refused = other_owner(request, payload, "check-in")
    if refused:
        return refused

    data, errors = _form_data(payload)
    form = CheckInForm(data, today=request.user.today())
    edited_at, refused = validate_queued(form, payload, REQUIRED_HERE, errors)
    if refused:
        return refused

    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        row, outcome = store_client_checkin(
            request.user, form.cleaned_data["date"], values, form.cleaned_data["client_uuid"], edited_at
        )
    except UuidTaken:
        return error(400, {"client_uuid": ["client_uuid: already used for another check-in; send a fresh one."]})
    return JsonResponse(
        {
            "outcome": outcome,
            "winner": str(row.client_uuid) if row else None,
            "checkin": _as_json(row) if row else None,
        },
        status=201 if outcome == Outcome.CREATED else 200,
    )


def other_owner(request, payload: dict, what: str):
    """A 409 when the item was saved on this phone while someone else was
    logged in: it is not this account's, so it must not be stored here."""
    owner = payload.get("owner")
    if owner is not None and owner != owner_tag(request.user):
        return error(409, {"owner": [f"This {what} was saved on this phone by a different account."]})
    return None


def validate_queued(form, payload: dict, required: dict, errors: dict):
    """Validates a queued item's form, with the fields the queue must send
    (``required``: name -> message) and its ``updated_at``; returns
    (edited_at, None), or (None, a 400 naming every problem). ``errors`` holds
    problems already found in the JSON."""
    for name, message in required.items():
        form.fields[name].required = True
        form.fields[name].error_messages["required"] = message
    edited_at = edited_at_of(payload.get("updated_at"), errors)
    if not form.is_valid() or errors:
        # A wrong JSON type explains its field better than the form's reading of it.
        return None, error(400, {**{name: list(messages) for name, messages in form.errors.items()}, **errors})
    return edited_at, None


def read_json(request, what: str = "check-in"):
    """The body as a JSON object, or (None, a JSON error response). Shared with
    the questionnaires' API, which takes the same kind of body."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None, error(413, {"__all__": [f"Send one {what} of at most {MAX_BODY_BYTES // 1024} KB."]})
    try:
        payload = json.loads(request.body, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        # ValueError covers bad JSON, bad UTF-8, NaN/Infinity and giant numbers.
        return None, error(400, {"__all__": [f"Send the {what} as a JSON object."]})
    if not isinstance(payload, dict):
        return None, error(400, {"__all__": [f"Send the {what} as a JSON object."]})
    return payload, None


def _reject_constant(name):
    raise ValueError(f"{name} is not a number")


def _form_data(payload):
    """Form data from the JSON object, and errors for values of the wrong JSON type."""
    data, errors = {}, {}
    for name in SINGLE_VALUE_FIELDS:
        value = payload.get(name)
        if value is None:
            continue  # missing: the form says so in its own words
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            errors[name] = [f"{name}: send one number or text, not {_json_type(value)}."]
        else:
            data[name] = str(value)
    symptoms = payload.get("symptoms")
    if symptoms is not None:
        if isinstance(symptoms, list) and all(isinstance(item, str) for item in symptoms):
            data["symptoms"] = symptoms
        else:
            errors["symptoms"] = ['symptoms: send a list of names, for example ["fever"], or [] for none.']
    return data, errors


def _json_type(value):
    return {bool: "true or false", list: "a list", dict: "an object"}.get(type(value), "that")


def edited_at_of(value, errors):
    """The phone's `updated_at` as an aware datetime; None when absent; notes bad values in errors."""
    if value is None:
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but impossible, such as month 13
        parsed = None
    if parsed is None:
        errors["updated_at"] = ["updated_at: send a date and time such as 2025-05-01T08:30:00Z."]
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.timezone.utc)


def _as_json(row):
    return {**record(row), "client_uuid": str(row.client_uuid), "updated_at": row.updated_at.isoformat()}
