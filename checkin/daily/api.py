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

from django.http import JsonResponse
from django.utils import timezone

from checkin import access
from checkin.core.jsonapi import Collection, error, other_owner, read_json, validate_queued
from checkin.core.sync import Outcome, UuidTaken, store_client_checkin
from checkin.daily.forms import CheckInForm
from checkin.domain.answers import ANSWER_FIELDS, as_data

# JSON values the form reads as one answer each; `symptoms` is a list.
SINGLE_VALUE_FIELDS = ("date", *(field for field in ANSWER_FIELDS if field != "symptoms"), "client_uuid")
READ_FIELDS = {*SINGLE_VALUE_FIELDS, "symptoms", "owner", "updated_at"}
REQUIRED_HERE = {
    # Optional on the web form (the URL gives the day, the server a uuid), required here.
    "date": "Day: enter a date as YYYY-MM-DD.",
    "client_uuid": "client_uuid: send the UUID this check-in was saved under on the phone.",
}


class Checkins(Collection):
    noun = "check-ins"

    def get(self, request):
        return _list(request)

    def post(self, request):
        return _receive(request)


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
    payload, problem = read_json(request, fields=READ_FIELDS)
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
            # The server's time of storing: pages drawn after it know this answer (js/pwa/status.js).
            "stored_at": timezone.now().isoformat(),
        },
        status=201 if outcome == Outcome.CREATED else 200,
    )


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


def _as_json(row):
    return {**as_data(row), "client_uuid": str(row.client_uuid), "updated_at": row.updated_at.isoformat()}
