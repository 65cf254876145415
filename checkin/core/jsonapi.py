"""JSON API plumbing for any record a phone sends or reads (check-ins,
questionnaires, reminder devices): errors as JSON, a collection's view (GET
and POST), the body read as one bounded JSON object, and the queue's own fields.
"""

import datetime
import json

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from checkin.core.sync import owner_tag

# One check-in with the longest note, every character escaped as \uXXXX, is
# about 13 KB; anything much bigger is not a check-in.
MAX_BODY_BYTES = 32 * 1024


def error(status, errors):
    return JsonResponse({"errors": errors}, status=status)


@method_decorator(never_cache, name="dispatch")
class Collection(View):
    """A JSON collection of the patient's own ``noun`` ("check-ins"): a
    subclass's ``get`` reads them all, its ``post`` sends one (what the offline
    queue does). 401, not a redirect to the login page, so the queue keeps
    what it holds; any other method a 405 in JSON."""

    noun = ""
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return error(401, {"__all__": [f"Log in to send or read {self.noun}."]})
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error(405, {"__all__": [f"Use GET to read {self.noun} or POST to send one."]})
        response["Allow"] = ", ".join(self._allowed_methods())
        return response


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


def read_json(request, what: str = "check-in", fields=None):
    """The body as a JSON object, or (None, a JSON error response). With
    ``fields``, only those keys are kept: the others would be ignored anyway."""
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
    if fields is not None:
        payload = {key: value for key, value in payload.items() if key in fields}
    # JSON's \u escapes can spell text no database stores: an unpaired
    # surrogate (not UTF-8 at all) or NUL (PostgreSQL refuses it).
    unstorable = {
        "__all__" if not _storable(key) else key for key, value in payload.items() if not _storable([key, value])
    }
    if unstorable:
        return None, error(400, {key: [f"{key}: {UNSTORABLE}"] for key in sorted(unstorable)})
    return payload, None


UNSTORABLE = "send text without NUL characters or unpaired surrogates (\\u0000, \\ud800 to \\udfff)."


def _storable(value) -> bool:
    """True when every string in ``value`` (nested lists and objects too) can be stored."""
    if isinstance(value, str):
        try:
            value.encode()  # an unpaired surrogate is not UTF-8
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    return True


def _reject_constant(name):
    raise ValueError(f"{name} is not a number")


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
