"""The guidance admin: search, filters, preview, history, validation, and edits patients then see."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from checkin.models import GuidancePage, PatternRule, Source
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user):
    # Its own Client, so that a test can act as an admin and as a patient.
    client = Client()
    sign_in(client, make_user("admin@example.com", is_staff=True, is_superuser=True))
    return client


def page_form(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "topic": page.topic,
        "order": page.order,
        "is_published": "on" if page.is_published else "",
        "body": page.body,
        "sources": [s.pk for s in page.sources.all()],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def rule_form(rule, **overrides):
    data = {
        "detector": rule.detector,
        "enabled": "on" if rule.enabled else "",
        "severity": rule.severity,
        "title": rule.title,
        "message": rule.message,
        "guidance": [p.pk for p in rule.guidance.all()],
        **{f"param_{name}": value for name, value in rule.params.items()},
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def change_url(obj):
    return f"/admin/checkin/{obj._meta.model_name}/{obj.pk}/change/"


def high_pain_days(make_checkin, patient, today):
    for n in range(5):
        make_checkin(patient, today - datetime.timedelta(days=n), pain=8, sleep_hours=Decimal("7"))


# --- lists, search, filters, preview, history ---------------------------------------


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/admin/checkin/guidancepage/?q=cortisol", "Sleep and stress"),
        ("/admin/checkin/guidancepage/?topic=safety", "When to get help now"),
        ("/admin/checkin/guidancepage/?is_published__exact=1", "Staying connected"),
        ("/admin/checkin/source/?trust__exact=low", "Can back pain be a sign of depression 2024?"),
        ("/admin/checkin/source/?q=Spine", "Chronic Back Pain and Depression"),
        ("/admin/checkin/patternrule/?q=sleep", "More pain after short nights"),
        ("/admin/checkin/patternrule/?severity__exact=urgent", "Warning signs noted"),
    ],
)
def test_admins_search_and_filter_guidance(admin_client, loaded_guidance, path, expected):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_search_leaves_out_what_does_not_match(admin_client, loaded_guidance):
    html = admin_client.get("/admin/checkin/guidancepage/?q=cortisol").content.decode()
    assert "Questions to ask about medication" not in html


def test_the_page_form_shows_a_rendered_preview(admin_client, loaded_guidance):
    page = GuidancePage.objects.get(slug="sleep-and-stress")
    html = admin_client.get(change_url(page)).content.decode()
    preview = html[html.index('class="guidance-preview"') :]
    assert preview.index("<p>Pain can keep you awake.") < preview.index("<h2>Why sleep matters</h2>")


def test_the_rule_form_shows_the_settings_its_detector_understands(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="high_pain_streak")
    html = admin_client.get(change_url(rule)).content.decode()
    assert "Pain at or above this counts as high. 1 to 10; leave empty for the default, 7." in html
    assert 'name="param_min_days"' in html and 'name="param_min_share"' not in html  # only this check's


def test_a_new_rule_lists_every_checks_settings_until_saved(admin_client, loaded_guidance):
    html = admin_client.get("/admin/checkin/patternrule/add/").content.decode()
    assert "Save the rule first" in html
    assert (
        "<li><code>threshold</code>: whole number, 1 to 10 (default 7). Pain at or above this counts as high.</li>"
        in html
    )


def test_the_live_preview_renders_and_sanitises_without_saving(admin_client, loaded_guidance):
    page = GuidancePage.objects.get(slug="sleep-and-stress")
    assert (
        'data-preview-url="/admin/checkin/guidancepage/preview/"' in admin_client.get(change_url(page)).content.decode()
    )
    response = admin_client.post(
        "/admin/checkin/guidancepage/preview/", {"body": "## Draft\n\n<script>alert(1)</script>Text"}
    )
    html = response.content.decode()
    assert "<h2>Draft</h2>" in html and "Text" in html
    assert "script" not in html and "alert" not in html
    assert admin_client.get("/admin/checkin/guidancepage/preview/").status_code == 405
    assert not GuidancePage.objects.filter(body__contains="Draft").exists()


def test_only_admins_may_use_the_live_preview(patient_client, loaded_guidance):
    response = patient_client.post("/admin/checkin/guidancepage/preview/", {"body": "Hi"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_patients_and_clinicians_cannot_reach_the_guidance_admin(patient_client, loaded_guidance):
    response = patient_client.get("/admin/checkin/guidancepage/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- editing pages ----------------------------------------------------------------


def test_an_admins_page_edit_is_what_patients_then_read(admin_client, client, loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    body = "## Walk a little\n\nA **short** walk counts."
    response = admin_client.post(change_url(page), page_form(page, title="Moving gently", body=body))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.edited_by_admin
    html = client.get("/guidance/staying-active/").content.decode()
    assert "Moving gently" in html and "<h2>Walk a little</h2>" in html and "<strong>short</strong>" in html
    history = admin_client.get(f"/admin/checkin/guidancepage/{page.pk}/history/").content.decode()
    assert "Changed Title and Body." in history
    assert LogEntry.objects.filter(object_id=str(page.pk)).count() == 1


def test_a_script_in_an_admins_markdown_is_not_rendered(admin_client, client, loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    body = "Hi <script>document.title='owned'</script> <b onmouseover=\"alert(1)\">there</b> [x](javascript:alert(2))"
    admin_client.post(change_url(page), page_form(page, body=body))
    page.refresh_from_db()
    assert "script" not in page.body_html and "alert" not in page.body_html and "owned" not in page.body_html
    html = client.get("/guidance/staying-active/").content.decode()
    assert "<script>document.title" not in html and "onmouseover" not in html
    preview = admin_client.get(change_url(page)).content.decode()
    assert "document.title='owned'" not in preview[preview.index("guidance-preview") :]


def test_a_page_must_cite_a_source(admin_client, loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    html = admin_client.post(change_url(page), page_form(page, sources=[])).content.decode()
    assert "This field is required" in html
    assert page.sources.count() == 3


@pytest.mark.parametrize("slug", ["seek-help-now", "thoughts-of-suicide"])
def test_the_seek_help_now_page_cannot_be_unpublished_or_moved(admin_client, loaded_guidance, slug):
    page = GuidancePage.objects.get(slug=slug)
    html = admin_client.post(change_url(page), page_form(page, is_published="", slug="help-me")).content.decode()
    assert "This page must stay published: the safety cards link to it." in html
    assert f"This page&#x27;s address must stay “{slug}”: the safety cards link to it." in html
    page.refresh_from_db()
    assert page.is_published and page.slug == slug


def test_an_admin_can_add_a_page(admin_client, client, loaded_guidance):
    source = Source.objects.get(key="004")
    response = admin_client.post(
        "/admin/checkin/guidancepage/add/",
        {
            "title": "Pacing",
            "slug": "pacing",
            "summary": "Little and often.",
            "topic": "self-care",
            "order": 12,
            "is_published": "on",
            "body": "Take breaks.",
            "sources": [source.pk],
        },
    )
    assert response.status_code == 302
    assert "Take breaks." in client.get("/guidance/pacing/").content.decode()


# --- editing rules ----------------------------------------------------------------


def test_an_admins_rule_edit_is_what_the_patient_then_sees(
    admin_client, patient_client, patient, today, make_checkin, loaded_guidance
):
    high_pain_days(make_checkin, patient, today)
    rule = PatternRule.objects.get(detector="high_pain_streak")
    sleep = GuidancePage.objects.get(slug="sleep-and-stress")
    response = admin_client.post(
        change_url(rule),
        rule_form(
            rule, title="A hard few days", message="Be kind to yourself.", severity="urgent", guidance=[sleep.pk]
        ),
    )
    assert response.status_code == 302
    html = patient_client.get("/").content.decode()
    assert 'data-severity="urgent" data-detector="high_pain_streak"' in html
    assert "A hard few days" in html and "Be kind to yourself." in html
    card = html[html.index('data-detector="high_pain_streak"') :]
    card = card[: card.index("</article>")]
    assert 'href="/guidance/sleep-and-stress/"' in card and "physical-therapy" not in card


def test_an_admins_thresholds_change_what_is_noticed(
    admin_client, patient_client, patient, today, make_checkin, loaded_guidance
):
    high_pain_days(make_checkin, patient, today)
    rule = PatternRule.objects.get(detector="high_pain_streak")
    admin_client.post(change_url(rule), rule_form(rule, param_min_days="6"))
    rule.refresh_from_db()
    assert rule.params == {"min_days": 6}
    assert 'data-detector="high_pain_streak"' not in patient_client.get("/").content.decode()


def test_a_rules_settings_are_number_fields_with_their_ranges_not_json(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="low_mood_run")
    html = admin_client.get(change_url(rule)).content.decode()
    assert 'name="params"' not in html
    assert 'type="number" name="param_min_share"' in html and 'min="0.1"' in html and 'max="0.9"' in html
    assert "leave empty for the default, 0.5." in html


def test_an_empty_setting_goes_back_to_its_default(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="high_pain_streak")
    PatternRule.objects.filter(pk=rule.pk).update(params={"min_days": 6})
    rule.refresh_from_db()
    admin_client.post(change_url(rule), rule_form(rule, param_min_days=""))
    rule.refresh_from_db()
    assert rule.params == {}


def test_choosing_another_check_sets_its_settings_back_to_the_defaults(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="high_pain_streak")
    PatternRule.objects.filter(pk=rule.pk).update(params={"min_days": 6})
    PatternRule.objects.filter(detector="low_mood_run").delete()  # one rule per check
    rule.refresh_from_db()
    admin_client.post(change_url(rule), rule_form(rule, detector="low_mood_run"))
    rule.refresh_from_db()
    assert (rule.detector, rule.params) == ("low_mood_run", {})


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("param_threshold", "11", "Threshold: a whole number from 1 to 10."),
        ("param_min_days", "2.5", "Min days: a whole number from 2 to 30."),
        ("param_min_days", "lots", "Min days: a whole number from 2 to 30."),
    ],
)
def test_bad_settings_get_a_clear_error_and_are_not_saved(admin_client, loaded_guidance, field, value, message):
    rule = PatternRule.objects.get(detector="high_pain_streak")
    response = admin_client.post(change_url(rule), rule_form(rule, title="Changed", **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    rule.refresh_from_db()
    assert rule.params == {} and rule.title != "Changed"


def test_the_safety_rules_cannot_be_switched_off_or_downgraded_in_the_admin(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="very_low_mood")
    html = admin_client.post(change_url(rule), rule_form(rule, enabled="", severity="info")).content.decode()
    assert "This safety check cannot be switched off: it always runs." in html
    assert "This safety check is always urgent." in html
    rule.refresh_from_db()
    assert rule.enabled and rule.severity == "urgent"


@pytest.mark.parametrize("detector", ["red_flag", "very_low_mood"])
def test_a_safety_rule_cannot_be_deleted_alone_or_in_a_batch(admin_client, loaded_guidance, detector):
    rule = PatternRule.objects.get(detector=detector)
    assert admin_client.post(f"/admin/checkin/patternrule/{rule.pk}/delete/", {"post": "yes"}).status_code == 403
    batch = {"action": "delete_selected", "_selected_action": [rule.pk], "post": "yes"}
    admin_client.post("/admin/checkin/patternrule/", batch)
    assert PatternRule.objects.filter(detector=detector).exists()
    # An ordinary rule can still go.
    other = PatternRule.objects.get(detector="inactivity")
    admin_client.post(f"/admin/checkin/patternrule/{other.pk}/delete/", {"post": "yes"})
    assert not PatternRule.objects.filter(detector="inactivity").exists()


def test_the_warning_signs_rule_has_no_wording_to_contradict_the_triage(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="red_flag")
    assert rule.message == ""
    html = admin_client.get(change_url(rule)).content.decode()
    assert 'name="message"' not in html and 'name="title"' not in html
    assert "word for word as the triage gives it" in html
    # Its guidance and settings still save, without a title or message in the form.
    form = {k: v for k, v in rule_form(rule).items() if k not in ("title", "message")}
    assert admin_client.post(change_url(rule), form).status_code == 302


NUMBER_TEXTS = [
    "If it gets worse, call 999.",
    "Ring [NHS 111](tel:111) for advice.",
    "Samaritans are on 116 123, day or night.",
    "Text SHOUT to 85258.",
    "Freephone 0808 808 8000.",
    '<a href="sms:50808">Text us</a>',
]


@pytest.mark.parametrize("text", NUMBER_TEXTS)
@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_a_guidance_page_refuses_a_phone_number_and_saves_nothing(admin_client, loaded_guidance, field, text):
    page = GuidancePage.objects.get(slug="flare-up")
    before = (page.title, page.summary, page.body)
    html = admin_client.post(change_url(page), page_form(page, **{field: text})).content.decode()
    assert "Phone numbers and call or text links cannot go here: the crisis lines live in one place" in html
    page.refresh_from_db()
    assert (page.title, page.summary, page.body) == before


@pytest.mark.parametrize("text", NUMBER_TEXTS)
@pytest.mark.parametrize("field", ["title", "message"])
def test_a_rules_wording_refuses_a_phone_number(admin_client, loaded_guidance, field, text):
    rule = PatternRule.objects.get(detector="very_low_mood")
    html = admin_client.post(change_url(rule), rule_form(rule, **{field: text})).content.decode()
    assert "Link to it instead: [Get help now](/help/)." in html
    rule.refresh_from_db()
    assert text not in (rule.title, rule.message)


def test_numbers_that_are_not_phone_numbers_are_welcome(admin_client, loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    body = page.body + "\n\nAim for 150 minutes a week, or 10 000 steps a day; NICE NG59 (2016) says 6-8 weeks."
    assert admin_client.post(change_url(page), page_form(page, body=body)).status_code == 302
    page.refresh_from_db()
    assert page.body == body


def test_an_enabled_rule_needs_a_published_page(admin_client, loaded_guidance):
    rule = PatternRule.objects.get(detector="inactivity")
    GuidancePage.objects.filter(slug="sleep-and-stress").update(is_published=False)
    hidden = GuidancePage.objects.get(slug="sleep-and-stress")
    html = admin_client.post(change_url(rule), rule_form(rule, guidance=[hidden.pk])).content.decode()
    assert "Link at least one published guidance page, or untick “enabled”." in html
