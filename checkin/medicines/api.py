"""`/api/medicines/`: the patient's medicines, for the offline queue and integrators.

POST one medicine: `client_uuid`, `name`, `dose_text`, `as_needed` (true or
false), `started_on` and `stopped_on` (YYYY-MM-DD or null), `note`,
`updated_at`, optionally the page's `owner` tag. It is stored once under its
`client_uuid`: 201 created; sent again, or after it was deleted, 200
"already_stored" and nothing changes (checkin/core/sync.store_client_item).
400 with `{"errors": {field: [messages]}}`. GET lists them, oldest first.
Session authentication and CSRF as for `/api/checkins/` (docs/api.md).
"""

from django import forms
from django.http import JsonResponse

from checkin import access
from checkin.core.jsonapi import Collection, error, other_owner, read_json, validate_queued
from checkin.core.sync import Outcome, UuidTaken, store_client_item
from checkin.medicines.data import as_data
from checkin.medicines.forms import MedicineForm
from checkin.models import DeletedMedicine, Medicine

FIELDS = ("name", "dose_text", "as_needed", "started_on", "stopped_on", "note")
REQUIRED_HERE = {
    "client_uuid": "client_uuid: send the UUID this medicine was saved under on the phone.",
    "as_needed": "as_needed: send true or false.",
}


class QueuedMedicineForm(MedicineForm):
    client_uuid = forms.UUIDField(error_messages={"invalid": "client_uuid: send a UUID, such as 6f1c…-…."})


class Medicines(Collection):
    noun = "medicines"

    def get(self, request):
        rows = access.own_medicines(request.user).order_by("pk")
        return JsonResponse({"medicines": [as_data(row) for row in rows]})

    def post(self, request):
        payload, problem = read_json(request, "medicine")
        if problem:
            return problem
        refused = other_owner(request, payload, "medicine")
        if refused:
            return refused
        data, errors = _form_data(payload)
        form = QueuedMedicineForm(data, today=request.user.today())
        edited_at, refused = validate_queued(form, payload, REQUIRED_HERE, errors)
        if refused:
            return refused
        values = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            row, outcome = store_client_item(
                Medicine, request.user, values, form.cleaned_data["client_uuid"], edited_at, DeletedMedicine
            )
        except UuidTaken:
            return error(400, {"client_uuid": ["client_uuid: already used for something else; send a fresh one."]})
        return JsonResponse(
            {"outcome": outcome, "medicine": as_data(row) if row else None},
            status=201 if outcome == Outcome.CREATED else 200,
        )


def _form_data(payload: dict) -> tuple[dict, dict]:
    """The JSON as the form's data, and the wrong JSON types found on the way."""
    data, errors = {}, {}
    for name in (*FIELDS, "client_uuid"):
        value = payload.get(name)
        if name == "as_needed":
            if value is not None and not isinstance(value, bool):
                errors[name] = ["as_needed: send true or false."]
            elif value is not None:
                data[name] = str(value)
        elif value is not None:
            if isinstance(value, str):
                data[name] = value
            else:
                errors[name] = [f"{name}: send text."]
    return data, errors
