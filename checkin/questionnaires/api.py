"""`/api/measures/`: questionnaire responses from the offline queue, stored exactly once.

POST one response: `instrument` (a slug), `date` as YYYY-MM-DD, the form's
fields (`item1` .. `itemN`, `difficulty` for the PHQ-9), a `client_uuid`,
optionally `updated_at` and the page's `owner` tag. The same rules as
check-ins (checkin/core/sync.py) with one row per instrument per day:
201 created, 200 already stored / updated / kept the newer answers,
400 with `{"errors": {field: [messages]}}`. GET lists the patient's responses.
Session authentication and CSRF as for `/api/checkins/`.
"""

from django.http import JsonResponse

from checkin import access
from checkin.core.jsonapi import Collection, error, other_owner, read_json, validate_queued
from checkin.core.sync import Outcome, UuidTaken, store_client_row
from checkin.domain.instruments import INSTRUMENTS
from checkin.models import QuestionnaireResponse
from checkin.questionnaires.forms import ResponseForm
from checkin.questionnaires.responses import as_data as response_data

REQUIRED_HERE = {
    "date": "Day: enter a date as YYYY-MM-DD.",
    "client_uuid": "client_uuid: send the UUID this response was saved under on the phone.",
}


class Measures(Collection):
    noun = "questionnaires"

    def get(self, request):
        return _list(request)

    def post(self, request):
        return _receive(request)


def _list(request):
    rows = access.own_responses(request.user).order_by("date", "instrument")
    return JsonResponse({"responses": [_as_json(row) for row in rows]})


def _receive(request):
    payload, problem = read_json(request, "questionnaire")
    if problem:
        return problem
    refused = other_owner(request, payload, "questionnaire")
    if refused:
        return refused
    slug = payload.get("instrument")
    instrument = INSTRUMENTS.get(slug) if isinstance(slug, str) else None
    if instrument is None:
        return error(400, {"instrument": [f"instrument: send one of {', '.join(INSTRUMENTS)}."]})

    data = {
        name: str(value)
        for name, value in payload.items()
        if isinstance(value, (str, int)) and not isinstance(value, bool)
    }
    form = ResponseForm(instrument, data, today=request.user.today())
    edited_at, refused = validate_queued(form, payload, REQUIRED_HERE, {})
    if refused:
        return refused
    try:
        row, outcome = store_client_row(
            QuestionnaireResponse,
            request.user,
            {"instrument": instrument.slug, "date": form.cleaned_data["date"]},
            form.values(),
            form.cleaned_data["client_uuid"],
            edited_at,
        )
    except UuidTaken:
        return error(400, {"client_uuid": ["client_uuid: already used for another answer; send a fresh one."]})
    return JsonResponse(
        {"outcome": outcome, "winner": str(row.client_uuid), "response": _as_json(row)},
        status=201 if outcome == Outcome.CREATED else 200,
    )


def _as_json(row):
    return {
        **response_data(row),
        "client_uuid": str(row.client_uuid),
        "updated_at": row.updated_at.isoformat(),
        "self_harm": row.self_harm,
    }
