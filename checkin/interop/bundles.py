"""A patient's FHIR R4 Bundle, streamed: built by fhir.py from rows read
through checkin/access.py, for the patient's own export and a clinician's
download alike."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from checkin import access
from checkin.core.streaming import in_chunks
from checkin.daily.exports import CHECKIN_ORDER, RESPONSE_ORDER
from checkin.interop.fhir import Builder
from checkin.models import ExerciseKind
from checkin.safety import reading

CONTENT_TYPE = "application/fhir+json"


def fhir_base(request) -> str:
    """The deployment's FHIR root, which Mend's identifiers, code systems and
    questionnaires hang from: MEND_SITE_URL's, the same whatever host name a
    request came on (a record system would otherwise see two patients, and
    two "mood" codes). Only without it, the request's own."""
    path = reverse("fhir_code_system", args=["observation"]).rsplit("CodeSystem/", 1)[0]
    return settings.MEND_SITE_URL + path if settings.MEND_SITE_URL else request.build_absolute_uri(path)


def patient_key(patient) -> str:
    """An opaque, stable id for the patient: meaningless without the server's secret key."""
    return salted_hmac("mend.fhir.patient", str(patient.pk)).hexdigest()[:32]


def _stream(builder: Builder, patient: dict, checkins, responses, found):
    # A Bundle's entries stream, as the other exports do: ten years of days never sit in memory.
    dumps = DjangoJSONEncoder(ensure_ascii=False).encode
    head = {"resourceType": "Bundle", "type": "collection", "timestamp": timezone.now().isoformat()}
    yield dumps(head)[:-1] + ', "entry": [\n' + dumps(builder.entry(patient))
    for checkin in in_chunks(checkins, CHECKIN_ORDER):
        for resource in builder.checkin(checkin):
            yield ",\n" + dumps(builder.entry(resource))
    for response in in_chunks(responses, RESPONSE_ORDER):
        for resource in builder.questionnaire(response):
            yield ",\n" + dumps(builder.entry(resource))
    for signal in found:
        yield ",\n" + dumps(builder.entry(builder.signal(signal)))
    yield "\n]}\n"


def bundle_response(request, patient, checkins, responses, found, filename, include_notes, share=None):
    """The Bundle: the patient, each check-in's and questionnaire's resources,
    and the safety signals ``found`` over the same days. The patient's own
    export (no ``share``) names them; a clinician's carries the clinic's
    number for them and the date of birth the patient gave, to file it by."""
    builder = Builder(fhir_base(request), patient_key(patient), dict(ExerciseKind.choices), include_notes)
    if share is None:
        resource = builder.patient(patient.name, patient.email, patient.date_of_birth)
    else:
        resource = builder.patient(
            birth_date=patient.date_of_birth,
            clinic_number=share.clinic_number,
            clinic_system=settings.MEND_CLINIC_NUMBER_SYSTEM,
        )
    body = _stream(builder, resource, checkins, responses, found)
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"  # health data: never kept by any cache
    return response


def own_bundle(request):
    """The patient's own export as FHIR: everything, notes, name and email included."""
    patient = request.user
    checkins, responses = access.own_checkins(patient), access.own_responses(patient)
    found = reading.read(checkins, responses, None, patient.today())
    return bundle_response(
        request,
        patient,
        checkins,
        responses,
        found,
        f"mend-fhir-{patient.today():%Y-%m-%d}.json",
        include_notes=True,
    )
