"""A patient's check-ins and questionnaires as a FHIR R4 Bundle (type "collection").

Pure: builds plain dicts from rows read elsewhere (through checkin/access.py).

- Patient: an opaque identifier in Mend's own system, stable for the account;
  in a clinician's export also the clinic's number for the patient; the
  date of birth the patient gave; name and email only in their own export.
- One Observation per answer per day, status "final", effectiveDateTime the
  check-in's day; LOINC where a code exists (pain 72514-3, sleep duration
  93832-4 in h, exercise duration 55411-3 in min), Mend's own code systems
  (under the deployment's address, /fhir/CodeSystem/...) for the rest.
- A warning sign: an Observation in Mend's warning-sign code system, with an
  ``interpretation`` that says its level (AA emergency, A urgent).
- Per questionnaire response: a QuestionnaireResponse (the LOINC canonical
  http://loinc.org/q/<panel>, items by LOINC code, PHQ-9 item 9 as answered)
  and a score Observation (category "survey", in {score}) derived from it,
  its interpretation the band (coded in Mend's questionnaire-band code
  system, with the band's words as text) and, after item 9 above "Not at
  all", a critical flag.
- Ids are name-based UUIDs of (patient, day, what): the same check-in's pain
  has the same id in every export, so a receiving system can de-duplicate.
"""

import uuid

from checkin.domain import triage
from checkin.domain.answers import RANGES
from checkin.domain.instruments import (
    DIFFICULTY,
    DIFFICULTY_CODE,
    DIFFICULTY_QUESTION,
    HOW_OFTEN,
    INSTRUMENTS,
    PHQ9_CODES,
    PHQ9_ITEMS,
    meaning,
)
from checkin.safety import signals, wording

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
# A warning sign's level, as FHIR's interpretation codes put it: an emergency
# sign is critical (AA), an urgent one abnormal (A); the text says what to do.
LEVEL_INTERPRETATION = {
    signals.EMERGENCY: ("AA", "Critical abnormal"),
    signals.URGENT: ("A", "Abnormal"),
    signals.SOON: ("A", "Abnormal"),
}
# Fixed forever: every resource id is a UUID5 in this namespace.
ID_NAMESPACE = uuid.UUID("5b0f6f0e-3c39-4c1e-9f0e-6d656e642e31")

# LOINC answer codes for the PHQ and GAD frequencies and the PHQ-9 difficulty question.
FREQUENCY_CODES = dict(zip(range(4), ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")))
DIFFICULTY_CODES = dict(zip(range(4), ("LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3")))

SCORE_NAMES = {
    "91147-9": "Mean score [PEG]",
    "55758-7": "Patient health questionnaire 2 item total score",
    "44261-6": "Patient health questionnaire 9 item total score",
    "70274-6": "Generalized anxiety disorder 7 item total score",
}

# Mend's own code systems: what each code means, served at /fhir/CodeSystem/<name>.
OBSERVATION_CODES = {
    "mood": f"Mood today, {RANGES['mood'].span} (0 very low, 10 very good)",
    "sleep-quality": f"Sleep quality last night, {RANGES['sleep_quality'].span} (1 very poor, 5 very good)",
    "exercise-kind": "Kind of activity today",
    "warning-sign": "Warning sign reported with back pain",
    "safety-signal": "Safety signal over a range of days (warning signs, self-harm answers, severe scores, very low mood)",
    "note": "The patient's own note for the day",
    "gad2-score": "GAD-2 total score (0-6)",
}
SYSTEMS = ("observation", "exercise-kind", "warning-sign", "safety-signal", "questionnaire-band")


def band_code(slug: str, band: str) -> str:
    """A score band's code in Mend's band code system: "phq9-moderately-severe"."""
    return f"{slug}-{band.replace(' ', '-')}"


# Each PHQ-9 and GAD-7 band (Kroenke 2001, Spitzer 2006) with its range:
# "phq9-mild": "PHQ-9 mild (5–9)".
BAND_CODES = {
    band_code(i.slug, band.name): f"{i.name} {meaning(i, band.low)}" for i in INSTRUMENTS.values() for band in i.bands
}


WARNING_SIGN_CODES = {value: sign.words for value, sign in triage.BY_VALUE.items()}
# A safety signal's code: a warning sign's, or one of the other signals'.
SIGNAL_CODES = {**WARNING_SIGN_CODES, **wording.SIGNAL_WORDS}


def code_systems(exercise_kinds: dict) -> dict:
    """Each Mend code system's concepts: {name: {code: display}}."""
    return {
        "observation": OBSERVATION_CODES,
        "exercise-kind": exercise_kinds,
        "warning-sign": WARNING_SIGN_CODES,
        "safety-signal": SIGNAL_CODES,
        "questionnaire-band": BAND_CODES,
    }


def code_system(base: str, name: str, concepts: dict) -> dict:
    """The CodeSystem resource for one of Mend's code systems."""
    return {
        "resourceType": "CodeSystem",
        "id": f"mend-{name}",
        "url": f"{base}CodeSystem/{name}",
        "name": "Mend" + "".join(part.title() for part in name.split("-")),
        "status": "active",
        "content": "complete",
        "concept": [{"code": code, "display": display} for code, display in concepts.items()],
    }


def questionnaire(base: str, instrument) -> dict:
    """The Questionnaire resource for one instrument, word for word, with the
    linkIds and answer codes its QuestionnaireResponses use."""
    items = []
    for item in instrument.items:
        entry = {"linkId": item.code, "code": [_loinc(item.code, item.text)], "text": item.text, "required": True}
        if instrument.mean:
            entry.update(type="integer")
        else:
            entry.update(
                type="choice",
                answerOption=[{"valueCoding": _loinc(FREQUENCY_CODES[v], HOW_OFTEN[v])} for v in FREQUENCY_CODES],
            )
        items.append(entry)
    if instrument.difficulty:
        items.append(
            {
                "linkId": DIFFICULTY_CODE,
                "code": [_loinc(DIFFICULTY_CODE, DIFFICULTY_QUESTION)],
                "text": DIFFICULTY_QUESTION,
                "type": "choice",
                "answerOption": [{"valueCoding": _loinc(DIFFICULTY_CODES[v], DIFFICULTY[v])} for v in DIFFICULTY_CODES],
            }
        )
    return {
        "resourceType": "Questionnaire",
        "id": f"mend-{instrument.slug}",
        "url": questionnaire_url(base, instrument),
        "name": instrument.name.replace("-", ""),
        "title": instrument.name,
        "status": "active",
        "copyright": instrument.copyright,
        **({"code": [_loinc(instrument.panel_code, instrument.name)]} if instrument.panel_code else {}),
        "item": items,
    }


def questionnaire_url(base: str, instrument) -> str:
    """An instrument's canonical: LOINC's panel where LOINC has one, else the one Mend serves."""
    return (
        f"http://loinc.org/q/{instrument.panel_code}"
        if instrument.panel_code
        else f"{base}Questionnaire/{instrument.slug}"
    )


class Builder:
    """Builds one patient's resources. ``base`` is the deployment's FHIR root
    ("https://mend.example/fhir/"); ``patient_key`` the opaque patient id."""

    def __init__(self, base: str, patient_key: str, exercise_kinds: dict, include_notes: bool):
        self.base = base
        self.key = patient_key
        self.kinds = exercise_kinds
        self.include_notes = include_notes
        self.subject = {"reference": f"Patient/{patient_key}"}

    def _id(self, *parts) -> str:
        return str(uuid.uuid5(ID_NAMESPACE, "/".join([self.key, *map(str, parts)])))

    def entry(self, resource: dict) -> dict:
        return {"fullUrl": f"{self.base}{resource['resourceType']}/{resource['id']}", "resource": resource}

    def mend(self, system: str, code: str, display: str) -> dict:
        return {"system": f"{self.base}CodeSystem/{system}", "code": code, "display": display}

    def patient(self, name="", email="", birth_date=None, clinic_number="", clinic_system="") -> dict:
        """The Patient: Mend's opaque id, and what else the reader may have:
        the clinic's own number (under ``clinic_system``, else Mend's), the
        date of birth the patient gave, their name and email."""
        identifiers = [{"system": f"{self.base}patient-id", "value": self.key}]
        if clinic_number:
            identifiers.append(
                {"use": "official", "system": clinic_system or f"{self.base}clinic-number", "value": clinic_number}
            )
        resource = {"resourceType": "Patient", "id": self.key, "identifier": identifiers}
        if name:
            resource["name"] = [{"text": name}]
        if email:
            resource["telecom"] = [{"system": "email", "value": email}]
        if birth_date:
            resource["birthDate"] = birth_date.isoformat()
        return resource

    def observation(self, day, what: str, coding: dict, category: str, **value) -> dict:
        return {
            "resourceType": "Observation",
            "id": self._id(day.isoformat(), what),
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": category}]}],
            "code": {"coding": [coding], "text": coding["display"]},
            "subject": self.subject,
            "effectiveDateTime": day.isoformat(),
            **value,
        }

    def _rest(self, c, day, kind) -> list[dict]:
        """Sleep and activity, when the check-in has them."""
        return [
            self.observation(
                day,
                "sleep",
                _loinc("93832-4", "Sleep duration"),
                "activity",
                valueQuantity=_quantity(float(c.sleep_hours), "h"),
            ),
            self.observation(
                day,
                "sleep-quality",
                self.mend("observation", "sleep-quality", OBSERVATION_CODES["sleep-quality"]),
                "survey",
                valueInteger=c.sleep_quality,
            ),
            self.observation(
                day,
                "exercise",
                _loinc("55411-3", "Exercise duration"),
                "activity",
                valueQuantity=_quantity(c.exercise_minutes, "min"),
            ),
            self.observation(
                day,
                "exercise-kind",
                self.mend("observation", "exercise-kind", OBSERVATION_CODES["exercise-kind"]),
                "activity",
                valueCodeableConcept=_concept(self.mend("exercise-kind", c.exercise_kind, kind)),
            ),
        ]

    def checkin(self, c) -> list[dict]:
        """One Observation per answer of one check-in."""
        day = c.date
        kind = self.kinds.get(c.exercise_kind, c.exercise_kind)
        found = [
            self.observation(
                day,
                "pain",
                _loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
                "survey",
                valueInteger=c.pain,
            ),
            self.observation(
                day, "mood", self.mend("observation", "mood", OBSERVATION_CODES["mood"]), "survey", valueInteger=c.mood
            ),
        ]
        if c.sleep_hours is not None:  # a bad-day check-in answers pain and mood only: nothing is made up
            found += self._rest(c, day, kind)
        for value in c.symptoms:
            level = triage.level_of([value])
            found.append(
                self.observation(
                    day,
                    f"warning-sign/{value}",
                    self.mend("observation", "warning-sign", OBSERVATION_CODES["warning-sign"]),
                    "survey",
                    valueCodeableConcept=_concept(self.mend("warning-sign", value, triage.words_of(value))),
                    interpretation=[
                        _interpretation(level, f"{triage.ADVICE[level].label}: {triage.ADVICE[level].heading}")
                    ],
                )
            )
        if c.self_harm is not None:  # PHQ-9 item 9 asked on its own: its LOINC code and answer
            found.append(
                self.observation(
                    day,
                    "self-harm",
                    _loinc(PHQ9_CODES[-1], PHQ9_ITEMS[-1]),
                    "survey",
                    valueCodeableConcept=_concept(_loinc(FREQUENCY_CODES[c.self_harm], HOW_OFTEN[c.self_harm])),
                    **(
                        {"interpretation": [_interpretation(signals.EMERGENCY, "Above “Not at all”")]}
                        if c.self_harm
                        else {}
                    ),
                )
            )
        if self.include_notes and c.note:
            found.append(
                self.observation(
                    day,
                    "note",
                    self.mend("observation", "note", OBSERVATION_CODES["note"]),
                    "survey",
                    valueString=c.note,
                )
            )
        return found

    def questionnaire(self, r) -> list[dict]:
        """A QuestionnaireResponse and its score Observation, for one response."""
        instrument = INSTRUMENTS[r.instrument]
        day = r.date
        canonical = questionnaire_url(self.base, instrument)
        items = [_item(item.code, item.text, r.answers[item.name], instrument.mean) for item in instrument.items]
        if instrument.difficulty and r.difficulty is not None:
            items.append(
                {
                    "linkId": DIFFICULTY_CODE,
                    "answer": [{"valueCoding": _loinc(DIFFICULTY_CODES[r.difficulty], DIFFICULTY[r.difficulty])}],
                }
            )
        response = {
            "resourceType": "QuestionnaireResponse",
            "id": self._id(day.isoformat(), r.instrument),
            "questionnaire": canonical,
            "status": "completed",
            "subject": self.subject,
            "authored": r.updated_at.isoformat(),
            "item": items,
        }
        code = (
            _loinc(instrument.score_code, SCORE_NAMES[instrument.score_code])
            if instrument.score_code
            else self.mend("observation", f"{instrument.slug}-score", OBSERVATION_CODES[f"{instrument.slug}-score"])
        )
        score = self.observation(
            day,
            f"{r.instrument}/score",
            code,
            "survey",
            valueQuantity={"value": float(r.score_value), "unit": "{score}", "system": UCUM, "code": "{score}"},
            derivedFrom=[{"reference": f"QuestionnaireResponse/{response['id']}"}],
        )
        flags = []
        if r.band:
            code = band_code(r.instrument, r.band)
            flags.append({"coding": [self.mend("questionnaire-band", code, BAND_CODES[code])], "text": r.band})
        if r.self_harm:
            flags.append(
                _interpretation(
                    signals.EMERGENCY, "Item 9 above “Not at all”: thoughts of being better off dead or of self-harm"
                )
            )
        if flags:
            score["interpretation"] = flags
        return [response, score]

    def signal(self, s: signals.Signal) -> dict:
        """One safety signal (checkin/safety/signals.py) over its days, with its level."""
        words = wording.describe(s)
        return {
            "resourceType": "Observation",
            "id": self._id("signal", s.key, s.first.isoformat(), s.last.isoformat()),
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": "survey"}]}],
            "code": _concept(self.mend("observation", "safety-signal", OBSERVATION_CODES["safety-signal"])),
            "subject": self.subject,
            "effectivePeriod": {"start": s.first.isoformat(), "end": s.last.isoformat()},
            # The code's display is the code system's; the text adds this signal's figure.
            "valueCodeableConcept": {
                "coding": [self.mend("safety-signal", s.key, SIGNAL_CODES.get(s.key, words))],
                "text": words,
            },
            "component": [{"code": {"text": "Days reported"}, "valueInteger": s.days}],
            "interpretation": [_interpretation(s.level, wording.level_words(s.level))],
        }


def _interpretation(level: str, text: str) -> dict:
    code, display = LEVEL_INTERPRETATION[level]
    return {"coding": [{"system": INTERPRETATION, "code": code, "display": display}], "text": text}


def _loinc(code: str, display: str) -> dict:
    return {"system": LOINC, "code": code, "display": display}


def _concept(coding: dict) -> dict:
    return {"coding": [coding], "text": coding["display"]}


def _quantity(value, unit: str) -> dict:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _item(code: str, text: str, value: int, numeric: bool) -> dict:
    answer = {"valueInteger": value} if numeric else {"valueCoding": _loinc(FREQUENCY_CODES[value], HOW_OFTEN[value])}
    return {"linkId": code, "text": text, "answer": [answer]}
