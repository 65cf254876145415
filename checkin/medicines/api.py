"""`/api/medicines/`, `/api/doses/` and `/api/dose-effects/`: the patient's
medicines, the doses they took and "did it help?", for the offline queue and
integrators (docs/api.md).

POST one medicine: `client_uuid`, `name`, `dose_text`, `as_needed` (true or
false), `started_on` and `stopped_on` (YYYY-MM-DD or null), `note`,
`updated_at`, optionally the page's `owner` tag. It is stored once under its
`client_uuid`: 201 created; sent again, or after it was deleted, 200
"already_stored" and nothing changes (checkin/core/sync.store_client_item).
400 with `{"errors": {field: [messages]}}`. GET lists them, oldest first.

A dose names its medicine, and an answer its dose, by their `client_uuid`:
one deleted since is answered 200 "deleted" and nothing is stored (the
phone drops its copy); one never sent is a 400. Session authentication and
CSRF as for `/api/checkins/`.
"""

from django.db import IntegrityError
from django.http import JsonResponse

from checkin import access
from checkin.core.jsonapi import Collection, error, other_owner, read_json, validate_queued
from checkin.core.sync import Outcome, UuidTaken, store_client_item
from checkin.medicines.data import as_data, dose_data, effect_data
from checkin.medicines.forms import QueuedDoseForm, QueuedEffectForm, QueuedMedicineForm
from checkin.models import DeletedDose, DeletedMedicine, Dose, DoseEffect, Medicine

FIELDS = ("name", "dose_text", "as_needed", "started_on", "stopped_on", "note")
REQUIRED_HERE = {
    "client_uuid": "client_uuid: send the UUID this medicine was saved under on the phone.",
    "as_needed": "as_needed: send true or false.",
}


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


class LinkedItems(Collection):
    """POST one item that names another by its client_uuid (a dose its
    medicine, an answer its dose), stored once under its own."""

    what = ""  # "dose"
    form_class: type
    link = ""  # the field naming the other item: "medicine"
    model: type
    tombstones: type | None = None
    linked_tombstones: type

    def own_linked(self, user):
        raise NotImplementedError

    def values(self, form, linked) -> dict:
        raise NotImplementedError

    def post(self, request):
        payload, problem = read_json(request, self.what)
        if problem:
            return problem
        refused = other_owner(request, payload, self.what)
        if refused:
            return refused
        form = self.form_class(
            {k: v for k, v in payload.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
        )
        required = {"client_uuid": f"client_uuid: send the UUID this {self.what} was saved under on the phone."}
        edited_at, refused = validate_queued(form, payload, required, {})
        if refused:
            return refused
        linked_uuid = form.cleaned_data[self.link]
        linked = self.own_linked(request.user).filter(client_uuid=linked_uuid).first()
        if linked is None:
            if self.linked_tombstones.objects.filter(patient=request.user, client_uuid=linked_uuid).exists():
                return JsonResponse({"outcome": Outcome.DELETED, self.what: None})
            return error(
                400,
                {
                    self.link: [
                        f"{self.link}: no {self.link} of yours has this client_uuid; send the {self.link} first."
                    ]
                },
            )
        try:
            row, outcome = store_client_item(
                self.model,
                request.user,
                self.values(form, linked),
                form.cleaned_data["client_uuid"],
                edited_at,
                self.tombstones,
            )
        except UuidTaken:
            return error(400, {"client_uuid": ["client_uuid: already used for something else; send a fresh one."]})
        except IntegrityError:  # a second answer for one dose
            return error(400, {self.link: [f"{self.link}: already has an answer; its first one is kept."]})
        status = 201 if outcome == Outcome.CREATED else 200
        return JsonResponse({"outcome": outcome, self.what: self.data(row) if row else None}, status=status)

    def data(self, row) -> dict:
        raise NotImplementedError


class Doses(LinkedItems):
    noun, what, form_class, link = "doses", "dose", QueuedDoseForm, "medicine"
    model, tombstones, linked_tombstones = Dose, DeletedDose, DeletedMedicine

    def get(self, request):
        rows = access.own_doses(request.user).select_related("medicine").order_by("taken_at", "pk")
        return JsonResponse({"doses": [dose_data(row) for row in rows]})

    def own_linked(self, user):
        return access.own_medicines(user)

    def values(self, form, linked):
        return {"medicine": linked, "taken_at": form.cleaned_data["taken_at"], "amount": form.cleaned_data["amount"]}

    def data(self, row):
        return dose_data(row)


class DoseEffects(LinkedItems):
    noun, what, form_class, link = "answers", "answer", QueuedEffectForm, "dose"
    model, linked_tombstones = DoseEffect, DeletedDose

    def get(self, request):
        rows = access.own_dose_effects(request.user).select_related("dose").order_by("answered_at", "pk")
        return JsonResponse({"dose_effects": [effect_data(row) for row in rows]})

    def own_linked(self, user):
        return access.own_doses(user)

    def values(self, form, linked):
        return {"dose": linked, "pain": form.cleaned_data["pain"], "answered_at": form.cleaned_data["answered_at"]}

    def data(self, row):
        return effect_data(row)
