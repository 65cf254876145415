"""Every URL of the project, and what each kind of person gets from it.

``TABLE`` has one row per URL pattern (walked from ``get_resolver()``,
admin and PWA patterns included). A row says which method to use and the
expected status for each persona:

    anonymous          not logged in
    owner              the patient whose data the URL is about
    other_patient      another patient
    clinician_active   a clinician the owner shares with
    clinician_revoked  a clinician whose share the owner revoked
    clinician_expired  a clinician whose share passed its last day
    clinician_never    a clinician the owner never shared with
    admin              staff and superuser, not a clinician

A URL with data in its path (``<uuid:share_id>``, ``<isodate:day>`` ...) is
filled from ``ARGUMENTS``: each persona asks for the share that is theirs if
they have one (a revoked clinician asks for their revoked share), otherwise
for the owner's active share.

Adding a URL? ``test_every_url_pattern_has_a_row`` fails and prints the row
to paste, with the answers the URL gives today: check each one is what you
mean before pasting.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from checkin.models import (
    Assignment,
    CrisisLine,
    Dose,
    GuidancePage,
    Medicine,
    PatternRule,
    QuestionnaireSchedule,
    Source,
    Team,
)
from tests.conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PERSONAS = (
    "anonymous",
    "owner",
    "other_patient",
    "clinician_active",
    "clinician_revoked",
    "clinician_expired",
    "clinician_never",
    "admin",
)
CLINICIANS = ("clinician_active", "clinician_revoked", "clinician_expired", "clinician_never")


def answers(default: int, **overrides: int) -> dict:
    """Every persona gets ``default`` unless named: ``answers(200, anonymous=302)``."""
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown persona(s): {unknown}"
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# The usual answers, named. Logged-in pages show each person their OWN data,
# so every logged-in persona gets 200 there; a stranger's data is 404.
PUBLIC = answers(200)
SIGNED_IN = answers(200, anonymous=302)
CLINICIANS_ONLY = answers(404, anonymous=302, **{c: 200 for c in CLINICIANS})
SHARED_PATIENT = answers(404, anonymous=302, clinician_active=200)
OWNER_ACTION = answers(404, anonymous=302, owner=302)  # a POST that redirects back to /share/
STAFF_ONLY = answers(302, admin=200)  # everyone else is sent to the admin login


@dataclass(frozen=True)
class Row:
    expect: dict
    method: str = "GET"
    # A path with {placeholders} from ARGUMENTS, for regex patterns or special cases.
    url: str | None = None
    data: dict = field(default_factory=dict)


# fmt: off
TABLE = {
    # --- Django admin: staff only; check-ins, shares and the access log are not in it.
    "admin/": Row(STAFF_ONLY),
    "admin/login/": Row(answers(302)),  # to Mend's own login, with its limits and the second step
    "admin/logout/": Row(answers(302, admin=405)),  # staff: POST only
    "admin/password_change/": Row(STAFF_ONLY),
    "admin/password_change/done/": Row(STAFF_ONLY),
    "admin/autocomplete/": Row(answers(302, admin=403)),  # 403: no field given to complete
    "admin/jsi18n/": Row(STAFF_ONLY),
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(answers(302)),  # admin: to the page on the site
    "admin/auth/group/": Row(STAFF_ONLY),
    "admin/auth/group/add/": Row(STAFF_ONLY),
    "admin/auth/group/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/auth/group/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/auth/group/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/auth/group/<path:object_id>/": Row(answers(302)),  # staff: on to .../change/
    "admin/checkin/source/": Row(STAFF_ONLY),
    "admin/checkin/source/add/": Row(STAFF_ONLY),
    "admin/checkin/source/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/source/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/source/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/source/<path:object_id>/": Row(answers(302)),
    "admin/checkin/crisisline/": Row(STAFF_ONLY),
    "admin/checkin/crisisline/add/": Row(STAFF_ONLY),
    "admin/checkin/crisisline/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/crisisline/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/crisisline/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/crisisline/<path:object_id>/": Row(answers(302)),
    "admin/checkin/team/": Row(STAFF_ONLY),
    "admin/checkin/team/add/": Row(STAFF_ONLY),
    "admin/checkin/team/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/team/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/team/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/team/<path:object_id>/": Row(answers(302)),
    "admin/checkin/questionnaireschedule/": Row(STAFF_ONLY),
    "admin/checkin/questionnaireschedule/add/": Row(STAFF_ONLY),
    "admin/checkin/questionnaireschedule/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/questionnaireschedule/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/questionnaireschedule/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/questionnaireschedule/<path:object_id>/": Row(answers(302)),
    "admin/checkin/guidancepage/preview/": Row(answers(302, admin=405)),  # POST only, for staff
    "admin/checkin/guidancepage/": Row(STAFF_ONLY),
    "admin/checkin/guidancepage/add/": Row(STAFF_ONLY),
    "admin/checkin/guidancepage/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/guidancepage/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/guidancepage/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/guidancepage/<path:object_id>/": Row(answers(302)),
    "admin/checkin/patternrule/": Row(STAFF_ONLY),
    "admin/checkin/patternrule/add/": Row(STAFF_ONLY),
    "admin/checkin/patternrule/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/patternrule/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/patternrule/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/patternrule/<path:object_id>/": Row(answers(302)),
    "admin/checkin/user/<id>/password/": Row(STAFF_ONLY),
    "admin/checkin/user/": Row(STAFF_ONLY),
    "admin/checkin/user/add/": Row(STAFF_ONLY),
    "admin/checkin/user/<path:object_id>/history/": Row(STAFF_ONLY),
    "admin/checkin/user/<path:object_id>/delete/": Row(STAFF_ONLY),
    "admin/checkin/user/<path:object_id>/change/": Row(STAFF_ONLY),
    "admin/checkin/user/<path:object_id>/": Row(answers(302)),
    "admin/^(?P<app_label>auth|checkin)/$": Row(STAFF_ONLY, url="/admin/checkin/"),
    "admin/(?P<url>.*)$": Row(answers(302, admin=404), url="/admin/no-such-page/"),

    # --- The progressive web app
    "serviceworker.js": Row(PUBLIC),
    "favicon.ico": Row(answers(302)),  # to the hashed static icon
    # django-pwa's own worker, shadowed by Mend's at the same address.
    "^serviceworker\\.js$": Row(PUBLIC, url="/serviceworker.js"),
    "^manifest\\.json$": Row(PUBLIC, url="/manifest.json"),
    "offline/": Row(PUBLIC),
    "manifest.json": Row(PUBLIC),  # Mend's, compressed, ahead of django-pwa's

    # --- Public pages
    "": Row(PUBLIC),  # the landing page, or the person's own home
    "help/": Row(PUBLIC),
    "guidance/": Row(PUBLIC),
    "guidance/<slug:slug>/": Row(PUBLIC),
    "healthz": Row(PUBLIC),

    # --- Accounts
    "accounts/signup/": Row(answers(302, anonymous=200)),  # signed-in people go to their check-in
    # The emailed sign-up link; a made-up token makes no account.
    "accounts/signup/confirm/<str:token>/": Row(answers(400), url="/accounts/signup/confirm/not-a-valid-token/"),
    "accounts/login/": Row(answers(302, anonymous=200)),
    "accounts/logout/": Row(answers(405)),  # POST only
    "accounts/password/change/": Row(SIGNED_IN),
    "accounts/password/change/done/": Row(SIGNED_IN),
    "accounts/password/reset/": Row(PUBLIC),
    "accounts/password/reset/sent/": Row(PUBLIC),
    "accounts/password/reset/<uidb64>/<token>/": Row(PUBLIC),  # "this link is not valid" page
    "accounts/password/reset/complete/": Row(PUBLIC),
    "account/": Row(SIGNED_IN),
    # Two-step sign-in: each person's own; the second step itself sends everyone on
    # (to log in, or where they were going: every persona here has passed it).
    "accounts/second-step/": Row(answers(302)),
    "account/second-step/": Row(SIGNED_IN),
    "account/second-step/app/": Row(SIGNED_IN),
    # New recovery codes: only for someone with a passkey or an app (the clinicians and the admin here).
    "account/second-step/recovery-codes/": Row(answers(200, anonymous=302, owner=404, other_patient=404), method="POST"),
    "account/second-step/<str:kind>/<int:pk>/remove/": Row(answers(404, anonymous=302), method="POST",
                                                           url="/account/second-step/app/0/remove/"),
    # django-otp-webauthn's JSON API: POST only; no passkey sign-in without a password first.
    "webauthn/registration/begin/": Row(answers(405, anonymous=403)),
    "webauthn/registration/complete/": Row(answers(405, anonymous=403)),
    "webauthn/authentication/begin/": Row(answers(405, anonymous=403)),
    "webauthn/authentication/complete/": Row(answers(405, anonymous=403)),
    "webauthn/jsi18n/": Row(PUBLIC),
    "account/logout-everywhere/": Row(answers(302), method="POST"),  # anonymous: to log in; others: logged out
    # Without ?time= the account page comes back asking for one; with it, a calendar file.
    "account/reminder.ics": Row(answers(400, anonymous=302)),
    # Reminders: each person's own settings and devices; the unsubscribe link is its own key.
    "account/reminders/": Row(answers(400, anonymous=302), method="POST", data={"reminder_email": "on"}),
    "account/reminders/pause/": Row(answers(302), method="POST"),  # anonymous: to log in; others: back to the account
    "reminders/unsubscribe/<str:token>/": Row(answers(404), url="/reminders/unsubscribe/not-a-valid-token/"),
    "api/push-subscriptions/": Row(answers(400, anonymous=401), method="POST", data={}),

    # --- Each person's own check-ins and trends (never anyone else's)
    "checkin/": Row(SIGNED_IN),
    "checkin/<isodate:day>/": Row(SIGNED_IN),
    # The confirmation page, for the owner only: nobody else has a check-in that day.
    "history/<isodate:day>/delete/": Row(answers(404, anonymous=302, owner=200)),
    "history/same-again/": Row(answers(302), method="POST"),  # anonymous: to log in; others: home (a copy, or nothing to copy)
    "history/": Row(SIGNED_IN),
    "trends/": Row(SIGNED_IN),
    "api/trends/": Row(answers(200, anonymous=401)),
    "api/checkins/": Row(answers(200, anonymous=401)),
    # Questionnaires: each person's own answers.
    "measures/": Row(SIGNED_IN),
    "measures/<slug:slug>/": Row(SIGNED_IN, url="/measures/phq9/"),
    "home/not-now/": Row(answers(302), method="POST"),  # anonymous: to log in; others: back home
    "home/decline/<int:request_id>/": Row(answers(404, anonymous=302, owner=302), method="POST"),  # only the patient asked
    "api/measures/": Row(answers(200, anonymous=401)),

    # --- Sharing, export and delete: the patient's own
    "share/": Row(SIGNED_IN),
    "share/views/": Row(SIGNED_IN),
    "share/<uuid:share_id>/revoke/": Row(OWNER_ACTION, method="POST"),
    "share/<uuid:share_id>/undo/": Row(OWNER_ACTION, method="POST"),  # owner: back to /share/, undone or told why not
    "share/<uuid:share_id>/notes/": Row(OWNER_ACTION, method="POST", data={"include_notes": "1"}),
    "share/<uuid:share_id>/safety-plan/": Row(OWNER_ACTION, method="POST", data={"include_safety_plan": "1"}),
    # Everyone signed in has their own (empty until written); nobody reads another's here.
    "safety-plan/": Row(SIGNED_IN),
    # --- medicines: everyone signed in has a list of their own; the owner's one medicine is theirs alone.
    "medicines/": Row(SIGNED_IN),
    "medicines/add/": Row(SIGNED_IN),
    "medicines/<int:medicine_id>/": Row(answers(404, anonymous=302, owner=200)),
    "medicines/<int:medicine_id>/stop/": Row(answers(404, anonymous=302, owner=302), method="POST"),
    "medicines/<int:medicine_id>/delete/": Row(answers(404, anonymous=302, owner=200)),
    "medicines/<int:medicine_id>/took/": Row(answers(404, anonymous=302, owner=302), method="POST"),
    "medicines/doses/<int:dose_id>/undo/": Row(answers(404, anonymous=302, owner=302), method="POST"),
    "api/medicines/": Row(answers(200, anonymous=401)),
    "api/doses/": Row(answers(200, anonymous=401)),
    "api/dose-effects/": Row(answers(200, anonymous=401)),
    "share/<uuid:share_id>/last-day/": Row(answers(404, anonymous=302, owner=200)),
    "account/export/": Row(SIGNED_IN),
    "account/delete/": Row(SIGNED_IN),

    # --- Clinicians
    "clinician/": Row(CLINICIANS_ONLY),
    "clinician/redeem/": Row(CLINICIANS_ONLY),
    "clinician/patients/<uuid:share_id>/": Row(SHARED_PATIENT),
    "clinician/patients/<uuid:share_id>/fhir/": Row(SHARED_PATIENT),
    # Mend's code systems: what its codes mean, no patient data.
    "fhir/CodeSystem/<slug:name>": Row(PUBLIC, url="/fhir/CodeSystem/observation"),
    "fhir/Questionnaire/<slug:slug>": Row(PUBLIC, url="/fhir/Questionnaire/gad2"),
    "clinician/patients/<uuid:share_id>/report/": Row(SHARED_PATIENT),
    "clinician/patients/<uuid:share_id>/report.csv": Row(SHARED_PATIENT),
    # Only through a share whose patient ticked "include my safety plan" (the world's active share has not).
    "clinician/patients/<uuid:share_id>/safety-plan/": Row(answers(404, anonymous=302)),
    # Marking the patient's safety signals seen: the clinician's own active share only, back to the patient page.
    "clinician/patients/<uuid:share_id>/signals/seen/": Row(answers(404, anonymous=302, clinician_active=302), method="POST"),
    "clinician/patients/<uuid:share_id>/discharge/": Row(answers(404, anonymous=302, clinician_active=302), method="POST"),
    "clinician/patients/<uuid:share_id>/clinic-number/": Row(answers(404, anonymous=302, clinician_active=302), method="POST"),
    "clinician/patients/<uuid:share_id>/ask/": Row(answers(404, anonymous=302, clinician_active=400), method="POST"),  # no fields: 400
    "clinician/patients/<uuid:share_id>/ask/<int:request_id>/stop/": Row(
        answers(404, anonymous=302, clinician_active=302), method="POST"
    ),
}
# fmt: on


# --- the project's URL patterns ---------------------------------------------------


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern as its full route string, e.g. "share/<uuid:share_id>/revoke/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


# --- the world every row is checked against ----------------------------------------


@pytest.fixture
def world(make_user, make_share, make_checkin, loaded_guidance):
    """The owner with check-ins and one share per kind of clinician, and everyone else."""
    now = timezone.now()
    owner = make_user("owner@example.com", name="Owner")
    people = {
        "owner": owner,
        "other_patient": make_user("other@example.com", name="Other"),
        "clinician_active": make_user("active@example.com", is_clinician=True),
        "clinician_revoked": make_user("revoked@example.com", is_clinician=True),
        "clinician_expired": make_user("expired@example.com", is_clinician=True),
        "clinician_never": make_user("never@example.com", is_clinician=True),
        "admin": make_user("admin@example.com", is_staff=True, is_superuser=True),
    }
    today = owner.today()
    for n in range(20):
        make_checkin(owner, today - datetime.timedelta(days=n), pain=n % 10, note=f"owner note {n}")
    shares = {
        "clinician_active": make_share(owner, people["clinician_active"]),
        "clinician_revoked": make_share(owner, people["clinician_revoked"], revoked_at=now),
        "clinician_expired": make_share(
            owner, people["clinician_expired"], ends_at=now - datetime.timedelta(minutes=1)
        ),
    }
    page = GuidancePage.objects.published().first()
    medicine = Medicine.objects.create(patient=owner, name="Paracetamol", dose_text="500 mg", as_needed=True)
    objects = {
        "user": owner.pk,
        "group": Group.objects.create(name="Editors").pk,
        "source": Source.objects.first().pk,
        "guidancepage": page.pk,
        "patternrule": PatternRule.objects.first().pk,
        "crisisline": CrisisLine.objects.first().pk,
        "questionnaireschedule": QuestionnaireSchedule.objects.first().pk,
        "team": Team.objects.create(name="Back pain clinic").pk,
        "medicine": medicine.pk,
        "dose": Dose.objects.create(patient=owner, medicine=medicine, taken_at=now).pk,
        "assignment": Assignment.objects.create(
            share=shares["clinician_active"], instrument="phq9", asked_by=people["clinician_active"], asked_on=today
        ).pk,
    }
    return {
        "people": people,
        "shares": shares,
        "objects": objects,
        "page": page,
        "yesterday": today - datetime.timedelta(days=1),
    }


def _admin_object(world, route, persona):
    if route.startswith("admin/r/"):  # "view on site": the guidance page
        return world["objects"]["guidancepage"]
    model = re.search(r"admin/\w+/(\w+)/", route).group(1)
    return world["objects"][model]


# How to fill each kind of path argument, for a given persona.
ARGUMENTS = {
    "share_id": lambda world, route, persona: world["shares"].get(persona, world["shares"]["clinician_active"]).pk,
    "day": lambda world, route, persona: world["yesterday"].isoformat(),
    "slug": lambda world, route, persona: world["page"].slug,
    "object_id": _admin_object,
    "id": lambda world, route, persona: world["objects"]["user"],
    "content_type_id": lambda world, route, persona: ContentType.objects.get_for_model(GuidancePage).pk,
    "uidb64": lambda world, route, persona: "MQ",
    "token": lambda world, route, persona: "not-a-valid-token",
    "request_id": lambda world, route, persona: world["objects"]["assignment"],
    "medicine_id": lambda world, route, persona: world["objects"]["medicine"],
    "dose_id": lambda world, route, persona: world["objects"]["dose"],
}
_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")


def path_for(route: str, row: Row, world, persona: str) -> str:
    """The concrete path a persona requests for a route."""
    template = row.url or "/" + route
    if re.search(r"\(\?P<|^\^|\$$", template):
        raise LookupError(f'{route!r} is a regular expression: give its row a url="/..."')

    def fill(match):
        name = match.group(1)
        if name not in ARGUMENTS:
            raise LookupError(f"no way to fill <{name}> in {route!r}: add {name!r} to ARGUMENTS")
        return str(ARGUMENTS[name](world, route, persona))

    return _PLACEHOLDER.sub(fill, template)


def observe(route: str, row: Row, world) -> dict:
    """What each persona gets from the route, each in a fresh client and a rolled-back transaction."""
    seen = {}
    for persona in PERSONAS:
        cache.clear()
        with transaction.atomic():
            client = Client()
            if persona != "anonymous":
                sign_in(client, world["people"][persona])
            path = path_for(route, row, world, persona)
            response = getattr(client, row.method.lower())(path, row.data)
            seen[persona] = response.status_code
            transaction.set_rollback(True)  # a revoke or a logout must not leak into the next persona
    return seen


def _row_source(route: str, seen: dict, method: str = "GET") -> str:
    values = ", ".join(f"{persona}={status}" for persona, status in seen.items())
    method_part = "" if method == "GET" else f', method="{method}"'
    return f"    {route!r}: Row(answers(200, {values}){method_part}),"


# --- the tests --------------------------------------------------------------------


def test_every_url_pattern_has_a_row(world):
    routes = list(url_patterns())
    missing = [route for route in routes if route not in TABLE]
    stale = [route for route in TABLE if route not in routes]
    if missing:
        lines = []
        for route in missing:
            try:
                lines.append(_row_source(route, observe(route, Row(PUBLIC), world)))
            except LookupError as error:
                lines.append(f"    {route!r}: Row(...),  # {error}")
        pytest.fail(
            "These URL patterns have no row in TABLE (tests/web/test_url_access_table.py). Add one each; "
            "these are the answers they give to a GET today, so check every status is what you "
            'intend (use method="POST" for actions, and a named profile such as SIGNED_IN if one fits):\n'
            + "\n".join(lines)
        )
    assert not stale, f"TABLE has rows for URL patterns that no longer exist; remove them: {stale}"


@pytest.mark.parametrize("route", list(TABLE))
def test_each_persona_gets_the_expected_answer(route, world):
    row = TABLE[route]
    seen = observe(route, row, world)
    wrong = {
        persona: (row.expect[persona], status) for persona, status in seen.items() if status != row.expect[persona]
    }
    assert not wrong, (
        f"{row.method} {route}: persona -> (expected, got): {wrong}\n"
        f"If the new answers are right, the row is now:\n{_row_source(route, seen, row.method)}"
    )


def test_the_table_covers_the_people_the_issue_names():
    assert PERSONAS == (
        "anonymous",
        "owner",
        "other_patient",
        "clinician_active",
        "clinician_revoked",
        "clinician_expired",
        "clinician_never",
        "admin",
    )
    assert all(set(row.expect) == set(PERSONAS) for row in TABLE.values())
