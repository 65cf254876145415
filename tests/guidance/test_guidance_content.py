"""The shipped guidance and load_guidance: sources, pages, default rules, idempotence, admin edits kept."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from checkin.insights.patterns import REGISTRY, SAFETY_DETECTORS
from checkin.insights.rules import DEFAULT_RULES
from checkin.management.commands.load_guidance import CONTENT_DIR, parse_page
from checkin.models import GuidancePage, PatternRule, Severity, Source
from checkin.models.guidance import SEEK_HELP_SLUG
from checkin.safety import lines as crisis
from checkin.safety.phone_numbers import numbers_in_admin_text

pytestmark = pytest.mark.django_db

PAGE_FILES = sorted((CONTENT_DIR / "guidance").glob("*.md"))
# One page per topic the issue lists.
REQUIRED_SLUGS = {
    "pain-mood-cycle",
    "brain-pain-mood",
    "staying-active",
    "sleep-and-stress",
    "cbt-and-counselling",
    "mindfulness-relaxation",
    "physical-therapy",
    "medication-questions",
    "after-back-surgery",
    "staying-connected",
    "seek-help-now",
    "thoughts-of-suicide",
}


def load(*args):
    out = StringIO()
    call_command("load_guidance", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything load_guidance writes, including timestamps, for before/after comparison."""
    return (
        list(Source.objects.order_by("key").values()),
        list(GuidancePage.objects.order_by("slug").values()),
        list(PatternRule.objects.order_by("detector").values()),
        sorted(GuidancePage.sources.through.objects.values_list("guidancepage__slug", "source__key")),
        sorted(PatternRule.guidance.through.objects.values_list("patternrule__detector", "guidancepage__slug")),
    )


def test_it_loads_the_five_articles_the_clinical_sources_the_pages_and_a_rule_per_detector(loaded_guidance):
    assert set(Source.objects.values_list("key", flat=True)) == {
        "000",
        "001",
        "002",
        "003",
        "004",
        "nhs-back-pain",
        "nhs-cauda-equina",
        "nice-ng59",
        "nhs-suicidal-thoughts",
    }
    assert REQUIRED_SLUGS <= set(GuidancePage.objects.published().values_list("slug", flat=True))
    assert set(PatternRule.objects.filter(enabled=True).values_list("detector", flat=True)) == set(REGISTRY)


def test_sources_carry_title_publisher_date_and_trust(loaded_guidance):
    low = Source.objects.get(key="000")
    assert low.trust == "low" and low.published is None
    reviewed = Source.objects.get(key="002")
    assert reviewed.title == "Chronic Back Pain and Depression: Is There a Link?"
    assert "Spine INA" in reviewed.publisher
    assert reviewed.published.isoformat() == "2022-02-15" and reviewed.trust == "medium"


def test_every_enabled_rule_links_at_least_one_published_page(loaded_guidance):
    for rule in PatternRule.objects.filter(enabled=True):
        assert rule.guidance.published().exists(), rule.detector


def test_the_safety_rules_are_urgent_and_link_seek_help_now(loaded_guidance):
    for detector in SAFETY_DETECTORS:
        rule = PatternRule.objects.get(detector=detector)
        assert rule.severity == Severity.URGENT
        assert rule.guidance.filter(slug=SEEK_HELP_SLUG).exists()


def test_every_detector_has_a_default_rule_with_wording():
    assert set(DEFAULT_RULES) == set(REGISTRY)
    for detector, rule in DEFAULT_RULES.items():
        # The warning-signs card speaks the triage's words, so its rule has no message to contradict them.
        assert rule["title"] and rule["guidance"] and (rule.get("message") or detector == "red_flag"), detector
    assert "message" not in DEFAULT_RULES["red_flag"]


def test_every_page_cites_a_source_and_every_source_is_cited(loaded_guidance):
    for page in GuidancePage.objects.all():
        assert page.sources.exists(), page.slug
    for source in Source.objects.all():
        assert source.pages.exists(), source.key


def test_every_shipped_file_has_complete_front_matter_and_a_body():
    assert {path.stem for path in PAGE_FILES} >= REQUIRED_SLUGS
    for path in PAGE_FILES:
        page = parse_page(path)
        assert page["title"] and page["summary"] and page["topic"] and page["sources"], path.name
        assert len(page["body"]) > 500, path.name


def test_the_medication_page_sends_every_decision_to_a_clinician():
    body = parse_page(CONTENT_DIR / "guidance" / "medication-questions.md")["body"]
    assert "does not recommend any medicine" in body
    assert "talk to your clinician" in body.lower()


def test_no_page_gives_doses_or_repeats_the_low_trust_claim_about_muscle_relaxants():
    for path in PAGE_FILES:
        text = path.read_text()
        assert not re.search(r"\d+\s?(mg|milligram)", text, re.I), path.name
        assert "very successful" not in text.lower(), path.name


def test_the_seek_help_page_rests_on_clinical_sources_and_types_no_number_of_its_own():
    page = parse_page(CONTENT_DIR / "guidance" / "seek-help-now.md")
    assert set(page["sources"]) == {"nhs-back-pain", "nhs-cauda-equina", "nice-ng59", "nhs-suicidal-thoughts"}
    for words in ("numbness around your bottom or genitals", "emergency department now", "harming yourself"):
        assert words in page["body"], words
    # The numbers and the list of signs come from their one source each (safety/).
    assert not re.search(r"\d{3}", page["body"])


@pytest.mark.parametrize(
    ("slug", "treatment", "nice_says"),
    [
        ("physical-therapy", "Electrical stimulation", "says electrical stimulation (TENS) should not be offered"),
        ("medication-questions", "Antidepressants", "recommends against antidepressants (SSRIs, SNRIs and tricyclics)"),
    ],
)
def test_a_treatment_nice_ng59_advises_against_says_so_and_cites_it(slug, treatment, nice_says):
    page = parse_page(CONTENT_DIR / "guidance" / f"{slug}.md")
    assert treatment in page["body"] and nice_says in page["body"]
    assert "nice-ng59" in page["sources"]


def test_antidepressants_for_depression_are_kept_apart_from_back_pain():
    body = parse_page(CONTENT_DIR / "guidance" / "medication-questions.md")["body"]
    assert "Antidepressants for depression are a different question" in body


@pytest.mark.django_db
def test_no_shipped_page_or_rule_holds_a_phone_number_so_an_admin_can_save_each_unchanged():
    known = crisis.line_numbers()
    assert {"999", "116123", "988"} <= known
    for path in PAGE_FILES:
        page = parse_page(path)
        assert numbers_in_admin_text(" ".join((page["title"], page["summary"], page["body"])), known) == [], path.name
    for detector, rule in DEFAULT_RULES.items():
        assert numbers_in_admin_text(rule["title"] + " " + rule.get("message", ""), known) == [], detector


def test_the_page_on_thoughts_of_suicide_rests_on_the_nhs_and_says_what_to_do_now():
    page = parse_page(CONTENT_DIR / "guidance" / "thoughts-of-suicide.md")
    assert page["sources"] == ["nhs-suicidal-thoughts"] and page["topic"] == "safety"
    body = page["body"]
    assert "go to an emergency department (A&E) now" in body and "[Get help now](/help/)" in body
    assert "[My safety plan](/safety-plan/)" in body and "medicines included" in body
    assert "dose" not in body.lower()


def test_the_page_on_thoughts_of_suicide_opens_with_the_call_button(client, loaded_guidance):
    html = client.get("/guidance/thoughts-of-suicide/").content.decode()
    assert html.index('href="tel:999"') < html.index("If you might act on them")
    assert 'href="tel:999"' not in client.get("/guidance/flare-up/").content.decode()


def test_no_page_claims_how_soon_a_flare_up_settles():
    for path in PAGE_FILES:
        assert not re.search(r"settle[sd]? within", path.read_text(), re.I), path.name


def test_every_page_that_names_the_warning_signs_says_what_to_do_as_the_triage_does():
    """Emergency signs: an emergency department now (both legs, not "legs");
    urgent ones: advice today; never only "Get help now", one tap further."""
    naming = [p for p in PAGE_FILES if "numbness around your bottom or genitals" in p.read_text()]
    assert len(naming) >= 10
    for path in naming:
        text = parse_page(path)["body"]
        assert re.search(r"[Gg]o to an emergency department( \(A&E\))? now", text), path.name
        assert "weakness in your legs" not in text and "weak legs" not in text, path.name
        if "high temperature" in text or "fever" in text:
            assert "advice today" in text, path.name


def test_rendered_pages_keep_their_internal_links(loaded_guidance):
    page = GuidancePage.objects.get(slug="pain-mood-cycle")
    assert '<a href="/guidance/staying-active/"' in page.body_html
    assert "<h2>" in page.body_html


def test_load_guidance_twice_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "created" not in output and "updated" not in output
    pages = len(list((CONTENT_DIR / "guidance").glob("*.md")))
    lines = len(json.loads((CONTENT_DIR / "crisis_lines.json").read_text()))
    assert f"pages: {pages} unchanged" in output and f"crisis lines: {lines} unchanged" in output


def test_it_never_overwrites_a_page_an_admin_edited(loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    page.body = "An admin's own words."
    page.edited_by_admin = True
    page.save()
    output = load()
    page.refresh_from_db()
    assert page.body == "An admin's own words."
    assert "kept (edited by an admin)" in output and "--force" in output


def test_force_puts_the_shipped_page_back(loaded_guidance):
    GuidancePage.objects.filter(slug="staying-active").update(body="Edited", edited_by_admin=True)
    load("--force")
    page = GuidancePage.objects.get(slug="staying-active")
    assert page.body.startswith("When your back hurts")
    assert not page.edited_by_admin
    assert "Endorphins" in page.body_html


def test_it_keeps_an_admins_rule_settings_unless_forced(loaded_guidance):
    PatternRule.objects.filter(detector="high_pain_streak").update(title="Tough run", params={"threshold": 8})
    load()
    assert PatternRule.objects.get(detector="high_pain_streak").title == "Tough run"
    load("--force")
    rule = PatternRule.objects.get(detector="high_pain_streak")
    assert rule.title == DEFAULT_RULES["high_pain_streak"]["title"] and rule.params == {}


def test_it_updates_a_page_not_edited_by_an_admin(loaded_guidance):
    GuidancePage.objects.filter(slug="staying-active").update(title="Old title")
    assert "1 updated" in load()
    assert GuidancePage.objects.get(slug="staying-active").title == "Staying active with low-impact exercise"


def test_it_recreates_a_deleted_page_and_relinks_it_to_new_rules(loaded_guidance):
    GuidancePage.objects.filter(slug="sleep-and-stress").delete()
    PatternRule.objects.filter(detector="short_sleep_pain").delete()
    load()
    rule = PatternRule.objects.get(detector="short_sleep_pain")
    assert list(rule.guidance.values_list("slug", flat=True)) == ["sleep-and-stress"]


def test_it_names_the_file_when_front_matter_is_broken(tmp_path):
    bad = tmp_path / "broken.md"
    bad.write_text("---\nslug: broken\ntitle: Broken\n---\nBody\n")
    with pytest.raises(CommandError, match="broken.md: front matter needs summary, topic, order, sources"):
        parse_page(bad)
