"""Public guidance: /guidance/ by topic with search, and each page with sources, date and related pages."""

import pytest

from checkin.management.commands.load_guidance import CONTENT_DIR
from checkin.models import GuidancePage, Source

pytestmark = pytest.mark.django_db

NOT_ADVICE = "This is general information, not medical advice."


def test_anyone_can_read_the_guidance_index_grouped_by_topic(client, loaded_guidance):
    html = client.get("/guidance/").content.decode()
    for heading in ("Understanding pain and mood", "Looking after yourself", "Care and treatment", "Staying safe"):
        assert heading in html
    assert (
        html.index("Understanding pain and mood")
        < html.index("How back pain and low mood feed each other")
        < html.index("Looking after yourself")
    )
    assert html.count('class="guidance-link"') == len(list((CONTENT_DIR / "guidance").glob("*.md")))
    assert 'name="q"' in html and NOT_ADVICE in html


def test_the_header_links_to_guidance(client, loaded_guidance):
    assert 'href="/guidance/"' in client.get("/help/").content.decode()


def test_search_finds_pages_by_any_word_they_contain(client, loaded_guidance):
    html = client.get("/guidance/", {"q": "Swimming"}).content.decode()
    assert "Staying active with low-impact exercise" in html
    assert "Questions to ask about medication" not in html
    assert "mention" in html and "“Swimming”" in html


def test_search_needs_every_word(client, loaded_guidance):
    html = client.get("/guidance/", {"q": "surgery cortisol"}).content.decode()
    assert "No pages mention “surgery cortisol”" in html
    assert 'class="guidance-link"' not in html
    assert 'href="/guidance/">Show all guidance' in html


def test_search_copes_with_odd_and_overlong_input(client, loaded_guidance):
    response = client.get("/guidance/", {"q": "%_<script>" + "x" * 500})
    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()


def test_unpublished_pages_are_hidden_everywhere(client, loaded_guidance):
    GuidancePage.objects.filter(slug="staying-connected").update(is_published=False)
    assert "Staying connected" not in client.get("/guidance/").content.decode()
    assert client.get("/guidance/staying-connected/").status_code == 404
    html = client.get("/guidance/sleep-and-stress/").content.decode()
    assert "Staying connected" not in html[html.index("Related pages") :]


def test_an_unknown_page_is_not_found(client, loaded_guidance):
    assert client.get("/guidance/no-such-page/").status_code == 404


def test_a_page_shows_its_text_sources_with_trust_updated_date_and_related_pages(client, loaded_guidance):
    page = GuidancePage.objects.get(slug="physical-therapy")
    html = client.get("/guidance/physical-therapy/").content.decode()
    assert "<h1" in html and "Physical therapy, active and passive" in html
    assert "<h2>Active physical therapy</h2>" in html
    assert "Chronic Back Pain and Depression: Is There a Link?" in html
    assert "Can back pain be a sign of depression 2024?" in html
    assert "How far to trust it: Low: unsourced or anonymous" in html
    assert "How far to trust it: Medium: reviewed clinic or vendor page" in html
    assert "15 February 2022" in html
    assert f'Updated on <time datetime="{page.updated_at:%Y-%m-%d}">' in html
    assert "Related pages" in html and 'href="/guidance/cbt-and-counselling/"' in html
    assert NOT_ADVICE in html


def test_related_pages_come_from_the_same_topic_first(client, loaded_guidance):
    html = client.get("/guidance/staying-active/").content.decode()
    related = html[html.index("Related pages") :]
    # The other self-care pages first, in reading order.
    assert related.index("On a bad pain day") < related.index("Sleep and stress") < related.index("Staying connected")
    assert "Physical therapy" not in related


def test_every_page_carries_the_not_medical_advice_line(client, loaded_guidance):
    for slug in GuidancePage.objects.values_list("slug", flat=True):
        # seek-help-now is part of "Get help now" (/help/), where the guidance link leads.
        assert NOT_ADVICE in client.get(f"/guidance/{slug}/", follow=True).content.decode(), slug


def test_a_source_with_an_address_is_linked(client, loaded_guidance):
    Source.objects.filter(key="002").update(url="https://example.org/article")
    html = client.get("/guidance/physical-therapy/").content.decode()
    assert '<a href="https://example.org/article" rel="noopener noreferrer">' in html


def test_a_script_in_a_pages_markdown_is_never_rendered(client, loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    page.body = (
        "Hello <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '[click](javascript:alert(1)) <a href="/ok/" onclick="alert(1)">ok</a>\n\n<style>body{}</style>'
    )
    page.save()
    html = client.get("/guidance/staying-active/").content.decode()
    body = html[html.index('class="guidance-body"') : html.index("not-advice")]
    assert "alert" not in body.replace('href="/ok/"', "")
    assert "<script" not in body and "<img" not in body and "<style" not in body and "onclick" not in body
    assert "Hello" in body and 'href="/ok/"' in body


def test_body_html_follows_the_body_even_when_saving_only_the_body(loaded_guidance):
    page = GuidancePage.objects.get(slug="staying-active")
    page.body = "## New heading"
    page.save(update_fields=["body"])
    page.refresh_from_db()
    assert page.body_html == "<h2>New heading</h2>"


def test_guidance_pages_may_be_cached_for_visitors_but_not_for_a_signed_in_person(patient_client, loaded_guidance):
    from django.test import Client

    visitor = Client()
    # Signed in, the page carries the person's name and menus: no browser or
    # proxy cache keeps it (the service worker still keeps its own copy for offline reading).
    for path in ("/guidance/", "/guidance/sleep-and-stress/"):
        assert "no-store" not in visitor.get(path).get("Cache-Control", "")
        cache_control = patient_client.get(path)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_the_index_and_a_page_take_a_constant_number_of_queries(client, loaded_guidance, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get("/guidance/", {"q": "sleep pain"})
    with django_assert_max_num_queries(3):
        client.get("/guidance/cbt-and-counselling/")
