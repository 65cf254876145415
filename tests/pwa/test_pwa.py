"""The installable app's server side: manifest, service worker, offline page,
and the tags every page carries. (The browser proves the rest: tests/e2e.)"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from checkin.core.sync import owner_tag
from checkin.pwa import app_shell

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
OWN_TEMPLATES = ["offline.html", "manifest.json", "pwa/head.html", "pwa/status.html"]


def test_the_manifest_is_json_with_the_fields_a_phone_needs(client):
    response = client.get("/manifest.json")
    assert response.status_code == 200
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"], manifest["id"]) == ("Mend", "Mend", "/")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/checkin/", "/", "standalone")
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    assert [s["form_factor"] for s in manifest["screenshots"]] == ["narrow"]
    assert [s["name"] for s in manifest["shortcuts"]] == ["Check in", "Trends"]


def test_every_image_the_manifest_names_exists(client):
    manifest = json.loads(client.get("/manifest.json").content)
    for image in manifest["icons"] + manifest["screenshots"] + [i for s in manifest["shortcuts"] for i in s["icons"]]:
        assert client.get(image["src"]).status_code == 200, image["src"]


def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    # Browsers fetch it by themselves for pages that name no icon (the admin's).
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/icons/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_service_worker_is_served_at_the_root_as_javascript_never_from_a_cache(client):
    response = client.get("/serviceworker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    # The shell's version, then the crisis lines' (the offline page shows them).
    assert f'"version": "{app_shell.cache_version()}' in body
    assert "importScripts(...CONFIG.workerScripts)" in body


def test_the_service_worker_is_told_every_precached_url_and_each_answers_200(client):
    body = client.get("/serviceworker.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", body).group(1))
    assert config["precache"] == app_shell.precache_urls()
    assert "/offline/" in config["precache"]
    for url in config["precache"]:
        assert client.get(url).status_code == 200, url


def test_the_service_worker_keeps_private_areas_out_of_every_cache(client):
    config = json.loads(
        re.search(r"const CONFIG = (\{.*\});", client.get("/serviceworker.js").content.decode()).group(1)
    )
    for prefix in ("/admin/", "/clinician/", "/share/", "/account/", "/accounts/", "/api/"):
        assert prefix in config["privatePrefixes"]
    assert "/accounts/logout/" in config["sessionEnding"]


def test_the_cache_version_is_computed_once_and_names_the_shell_files():
    assert app_shell.cache_version() == app_shell.cache_version()
    assert re.fullmatch(r"[0-9a-f]{12}", app_shell.cache_version())


def test_the_offline_page_holds_nothing_personal_even_when_fetched_logged_in(patient_client, patient):
    html = patient_client.get("/offline/").content.decode()
    assert "You are offline" in html
    assert "116 123" in html and "tel:999" in html  # help without a connection
    for personal in (patient.email, patient.name, owner_tag(patient), "csrfmiddlewaretoken", "data-csrf"):
        assert personal not in html


def test_the_offline_page_loads_nothing_from_another_host(client):
    html = client.get("/offline/").content.decode()
    assert not re.search(r"""(src|href)=["']https?://""", html.replace('href="tel:', ""))


@pytest.mark.parametrize("name", OWN_TEMPLATES)
def test_pwa_templates_have_no_inline_script_or_style(name):
    text = (TEMPLATES / name).read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert "<style" not in text and "style=" not in text
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"


def test_signed_in_pages_carry_the_manifest_ios_tags_and_their_owner(patient_client, patient):
    html = patient_client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.json">' in html
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in html
    assert 'rel="apple-touch-icon"' in html
    config = page_config(html)
    assert config["owner"] == owner_tag(patient)
    assert config["sw"] == "/serviceworker.js"
    assert config["checkinUrl"] == "/checkin/" and config["apiUrl"] == "/api/checkins/"


def page_config(html: str) -> dict:
    """The page scripts' settings, from the page's #mend-config block."""
    found = re.search(r'<script id="mend-config" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_anonymous_pages_carry_no_owner_and_no_token(client):
    config = page_config(client.get("/accounts/login/").content.decode())
    assert config["owner"] == "" and config["csrf"] == ""


def test_the_offline_page_belongs_to_nobody_even_when_fetched_signed_in(patient_client):
    config = page_config(patient_client.get("/offline/").content.decode())
    assert config["owner"] is None and config["csrf"] == "" and config["sw"] == ""


def test_the_worker_and_the_pages_share_their_urls_and_cache_names(patient_client):
    worker = patient_client.get("/serviceworker.js").content.decode()
    worker_config = json.loads(re.search(r"const CONFIG = (.*);", worker).group(1))
    page = page_config(patient_client.get("/").content.decode())
    for key in ("apiUrl", "checkinUrl", "savedUrl", "pagesCachePrefix", "sessionEnding"):
        assert worker_config[key] == page[key], key


def test_each_account_has_its_own_opaque_owner_tag(patient, other_patient):
    from django.contrib.auth.models import AnonymousUser

    tags = {owner_tag(patient), owner_tag(other_patient)}
    assert len(tags) == 2
    assert all(str(patient.pk) != tag and patient.email not in tag for tag in tags)
    assert owner_tag(AnonymousUser()) == ""


def test_the_install_offer_is_on_home_once_the_patient_has_checked_in(
    client, patient_client, patient, today, make_checkin
):
    assert "data-install-offer" not in client.get("/").content.decode()  # a visitor
    assert "data-install-offer" not in patient_client.get("/").content.decode()  # the first screen, day 1
    make_checkin(patient, today)
    assert "data-install-offer" in patient_client.get("/").content.decode()
    for path in ("/checkin/", "/account/", "/trends/"):
        assert "data-install-offer" not in patient_client.get(path).content.decode(), path
