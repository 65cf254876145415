"""The clinician's report prints on exactly one page, on A4 and on US Letter,
for 7, 30 and 90 days, with nothing overlapping: checked in Chromium's print
rendering (page.pdf and print media at each paper's printable size)."""

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from checkin.domain import triage
from checkin.models import CheckIn, QuestionnaireResponse, Share
from tests.e2e.conftest import ARTIFACTS

# The printable area in CSS pixels (96 per inch) inside report.css's @page margins (11 mm, 12 mm at the foot).
MM = 96 / 25.4
PAPERS = {"A4": (210, 297), "Letter": (215.9, 279.4)}
BLOCKS = (
    ".report-header, .report .chart-card, .report .insights, .report .weekly-table, .report-side > section,"
    " .report-side .clinician-finding, .report-footer, .report-notes"
)
OVERLAPS_JS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length);
  const found = [];
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a.contains(b) || b.contains(a)) continue;
      const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
      const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (x > 1 && y > 1) found.push([a.className || a.id, b.className || b.id]);
    }
  }
  return found;
}"""


def printable(paper):
    width, height = PAPERS[paper]
    return {"width": int((width - 22) * MM), "height": int((height - 23) * MM)}


@pytest.fixture
def busy_patient(patient, clinician, make_share):
    """Ninety days with notes, red flags and every questionnaire: the most a report holds."""
    today = patient.today()
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=3 + (n % 6),
            mood=8 - (n % 6),
            sleep_hours=Decimal("5.5") if n % 3 == 0 else Decimal("7.5"),
            sleep_quality=3,
            exercise_minutes=(n % 4) * 15,
            exercise_kind="walking" if n % 4 else "none",
            symptoms=["fever"] if n in (2, 40) else [],
            note=f"Day {n}: stiff in the morning, better after a walk and some stretches." if n % 2 == 0 else "",
        )
        for n in range(95)
    )
    for weeks in range(13):
        day = today - datetime.timedelta(weeks=weeks)
        QuestionnaireResponse.objects.create(
            patient=patient, instrument="peg", date=day, score=Decimal("5"), answers={}, version="PEG"
        )
        if weeks % 2 == 0:
            for slug, score, band in (("phq9", 11, "moderate"), ("gad7", 8, "mild")):
                QuestionnaireResponse.objects.create(
                    patient=patient, instrument=slug, date=day, score=score, band=band, answers={}, version=slug
                )
    return make_share(patient, clinician, include_notes=True)


@pytest.mark.parametrize("days", ["7", "30", "90"])
def test_the_report_prints_on_one_page_with_nothing_overlapping(desk_page, log_in, clinician, busy_patient, days):
    page = desk_page
    log_in(page, clinician)
    page.goto(f"/clinician/patients/{busy_patient.pk}/report/?days={days}")
    expect(page.get_by_role("heading", name="Mend report: Pat")).to_be_visible()
    for paper in PAPERS:
        # What the page is on paper: print styles at the paper's printable size.
        page.set_viewport_size(printable(paper))
        page.emulate_media(media="print", color_scheme="light")
        page.screenshot(path=str(ARTIFACTS / f"report-{days}-days-{paper}.png"), full_page=True)
        assert page.evaluate(OVERLAPS_JS, BLOCKS) == []
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= printable(paper)["height"], f"{height}px is taller than {paper}"
        page.emulate_media(media="null")  # back to no emulation: page.pdf() prints with print styles
        pdf = page.pdf(format=paper, path=str(ARTIFACTS / f"report-{days}-days-{paper}.pdf"))
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages == 1, f"the {days}-day report printed on {pages} {paper} pages"
    assert Share.objects.get(pk=busy_patient.pk).include_notes


@pytest.fixture
def flagged_patient(patient, clinician, make_share):
    """90 days, 40 of them with warning signs of every kind, a positive item 9,
    severe PHQ-9 and GAD-7 scores and a run of very low mood: every signal,
    beside notes and every insight the charts' column can hold."""
    today = patient.today()
    kinds = [sign.value for sign in triage.SIGNS]
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            date=today - datetime.timedelta(days=n),
            pain=4 + (n % 5),
            mood=1 if n in (3, 4) else 8 - (n % 6),
            sleep_hours=Decimal("5.5") if n % 3 == 0 else Decimal("7.5"),
            sleep_quality=3,
            exercise_minutes=(n % 4) * 15,
            exercise_kind="walking" if n % 4 else "none",
            symptoms=[kinds[n // 2 % len(kinds)]] if n < 80 and n % 2 == 0 else [],
            note=f"Day {n}: stiff in the morning, better after a walk and some stretches." if n % 2 == 0 else "",
        )
        for n in range(90)
    )
    item9 = {f"item{n}": 3 for n in range(1, 10)}
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq9",
        date=today - datetime.timedelta(days=6),
        score=24,
        band="severe",
        answers=item9,
        self_harm=True,
        version="PHQ-9",
    )
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="gad7",
        date=today - datetime.timedelta(days=6),
        score=17,
        band="severe",
        answers={},
        version="GAD-7",
    )
    return make_share(patient, clinician, include_notes=True)


@pytest.mark.parametrize("days", ["30", "90"])
def test_every_safety_signal_prints_on_the_one_page(desk_page, log_in, clinician, flagged_patient, days):
    page = desk_page
    log_in(page, clinician)
    page.goto(f"/clinician/patients/{flagged_patient.pk}/report/?days={days}")
    expect(page.get_by_role("heading", name="Mend report: Pat")).to_be_visible()
    expected = [
        "Thoughts of being better off dead or of self-harm",
        "PHQ-9 in the severe range",
        "GAD-7 in the severe range",
        "Mood 0 or 1 on 2 of 3 check-ins",
        "PHQ-9 item 9: “Nearly every day”",
    ]
    # The 30 days hold 15 signs' days; 90 days every kind of sign.
    shown = triage.SIGNS if days == "90" else [triage.SIGNS[n // 2 % len(triage.SIGNS)] for n in range(0, 30, 2)]
    expected += [sign.words[0].upper() + sign.words[1:] for sign in shown]
    for paper in PAPERS:
        pdf = page.pdf(format=paper, path=str(ARTIFACTS / f"report-signals-{days}-{paper}.pdf"))
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, f"the {days}-day report printed on {len(reader.pages)} {paper} pages"
        # NFKC: the PDF's ligatures ("ﬀ") back to letters; a word broken at its hyphen joined again.
        text = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split()).replace("- ", "-")
        assert "Mend report: Pat" in text
        for words in expected:
            assert " ".join(words.split()) in text, f"{words!r} is not on the printed {paper} page"
