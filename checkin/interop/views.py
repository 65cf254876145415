"""FHIR R4 downloads: the patient's own (`/account/export/?format=fhir`), a
clinician's through a share (`/clinician/patients/<share id>/fhir/`), and
Mend's code systems (`/fhir/CodeSystem/<name>`) and questionnaires
(`/fhir/Questionnaire/<slug>`), which hold no patient data."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from checkin.core.replica import reads_replica
from checkin.domain.instruments import INSTRUMENTS
from checkin.interop.bundles import CONTENT_TYPE, bundle_response, fhir_base
from checkin.interop.fhir import SYSTEMS, code_system, code_systems, questionnaire
from checkin.models import ExerciseKind
from checkin.sharing.downloads import open_download
from checkin.sharing.patient_data import signals_between


@login_required
@require_GET
@reads_replica
def clinician_bundle(request, share_id):
    download = open_download(request, share_id, "a FHIR file")
    if download.errors:
        return JsonResponse({"errors": download.errors}, status=400)
    found = signals_between(request.user, download.share, download.start, download.end)
    return bundle_response(
        request,
        download.share.patient,
        download.checkins,
        download.responses,
        found,
        download.filename("fhir.json"),
        download.share.include_notes,
        share=download.share,
    )


@require_GET
def code_system_view(request, name):
    """One of Mend's code systems, so that every code's URL leads to its meaning."""
    if name not in SYSTEMS:
        raise Http404("No such code system")
    concepts = code_systems(dict(ExerciseKind.choices))[name]
    return JsonResponse(
        code_system(fhir_base(request), name, concepts),
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def questionnaire_view(request, slug):
    """A questionnaire as a FHIR resource: the canonical of a response whose
    instrument LOINC has no panel for (the GAD-2) leads here."""
    if slug not in INSTRUMENTS:
        raise Http404("No such questionnaire")
    return JsonResponse(
        questionnaire(fhir_base(request), INSTRUMENTS[slug]),
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
