"""Authenticator seeds sealed at rest (checkin/models/seeds.py): a copy of the
database alone gives no clinician's or admin's codes; keys rotate."""

import base64
import re
from base64 import b32decode
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from checkin.models import AuthenticatorApp, seeds
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

OLD = "1:" + base64.b64encode(b"o" * 32).decode()
NEW = "2:" + base64.b64encode(b"n" * 32).decode()


def stored(device) -> str:
    """The seed's column as a copy of the database holds it."""
    return TOTPDevice.objects.values_list("key", flat=True).get(pk=device.pk)


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signs_in_with_its_code(user, device) -> bool:
    client = Client()
    client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    AuthenticatorApp.objects.filter(pk=device.pk).update(last_t=-1)  # a code works once
    device = AuthenticatorApp.objects.get(pk=device.pk)
    client.post("/accounts/second-step/", {"code": code(device)})
    return client.get("/clinician/").status_code == 200


def test_a_new_app_is_stored_sealed_and_its_shown_secret_still_gives_working_codes(clinician):
    client = Client()
    client.post("/accounts/login/", {"username": clinician.email, "password": PASSWORD})
    page = client.get("/account/second-step/app/").content.decode()
    shown = re.search(r"data-setup-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    secret = b32decode(shown + "=" * (-len(shown) % 8))

    app = AuthenticatorApp.objects.get(user=clinician)
    raw = stored(app)
    assert re.fullmatch(r"s1:[A-Za-z0-9_-]+", raw) and len(raw) <= 80
    assert secret.hex() not in raw and base64.b64encode(secret).decode() not in raw
    with pytest.raises(ValueError):
        TOTPDevice.objects.get(pk=app.pk).bin_key  # django-otp alone cannot read it

    client.post("/account/second-step/app/", {"code": f"{totp(secret):06d}"})
    assert AuthenticatorApp.objects.get(pk=app.pk).confirmed
    assert client.get("/clinician/").status_code == 200


def test_sealing_twice_gives_different_values_that_open_to_the_same_seed():
    seed = bytes(range(20))
    first, second = seeds.seal(seed), seeds.seal(seed)
    assert first != second  # a fresh nonce each time: equal seeds do not look equal
    assert seeds.unseal(first) == seeds.unseal(second) == seed


def test_a_damaged_value_is_refused_not_misread():
    sealed = seeds.seal(bytes(20))
    damaged = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(seeds.SeedUnreadable, match="key 1 does not open it"):
        seeds.unseal(damaged)


def test_a_seed_kept_before_sealing_still_works_and_seal_seeds_seals_it(clinician):
    plain = TOTPDevice.objects.create(user=clinician, name="Phone", confirmed=True)  # hex, as django-otp keeps it
    clinician.second_step = True
    clinician.save()
    seed = bytes.fromhex(plain.key)
    app = AuthenticatorApp.objects.get(pk=plain.pk)
    assert app.bin_key == seed

    out = StringIO()
    call_command("seal_seeds", stdout=out)
    assert out.getvalue().strip() == "Sealed 1 authenticator seed(s) under key 1."
    assert stored(app).startswith("s1:") and seeds.unseal(stored(app)) == seed
    assert signs_in_with_its_code(clinician, app)


def test_a_new_key_first_reseals_everything_and_the_old_key_can_then_go(clinician):
    with override_settings(MEND_SEED_KEYS=OLD):
        app = AuthenticatorApp.objects.create(user=clinician, name="Phone", confirmed=True)
        seed = app.bin_key
        assert stored(app).startswith("s1:")
    clinician.second_step = True
    clinician.save()

    with override_settings(MEND_SEED_KEYS=f"{NEW},{OLD}"):
        assert signs_in_with_its_code(clinician, app)  # the old key still opens what it sealed
        call_command("seal_seeds", stdout=StringIO())
        assert stored(app).startswith("s2:")
    with override_settings(MEND_SEED_KEYS=NEW):
        assert AuthenticatorApp.objects.get(pk=app.pk).bin_key == seed
        assert signs_in_with_its_code(clinician, app)
        out = StringIO()
        call_command("seal_seeds", stdout=out)  # nothing left to do
        assert out.getvalue().startswith("Sealed 0 ")


def test_a_key_removed_too_soon_says_which(clinician):
    with override_settings(MEND_SEED_KEYS=OLD):
        app = AuthenticatorApp.objects.create(user=clinician, name="Phone", confirmed=True)
    with override_settings(MEND_SEED_KEYS=NEW):
        with pytest.raises(seeds.SeedUnreadable, match="sealed under key 1, which MEND_SEED_KEYS no longer lists"):
            AuthenticatorApp.objects.get(pk=app.pk).bin_key


@pytest.mark.parametrize("value", ["1:short", "x:" + base64.b64encode(b"k" * 32).decode(), f"{OLD},{OLD}", "1"])
def test_a_mistyped_key_list_stops_the_checks_naming_the_format(value):
    with override_settings(MEND_SEED_KEYS=value):
        [error] = [e for e in run_checks() if e.id == "mend.E010"]
    assert "MEND_SEED_KEYS: each entry is <number>:<32 bytes in base64>" in error.msg


def test_without_keys_seeds_stay_as_django_otp_keeps_them_and_the_deploy_check_says_so(clinician):
    with override_settings(MEND_SEED_KEYS=""):
        app = AuthenticatorApp.objects.create(user=clinician, name="Phone", confirmed=True)
        assert re.fullmatch(r"[0-9a-f]{40}", stored(app))
        warnings = [e for e in run_checks(include_deployment_checks=True) if e.id == "mend.W104"]
        with pytest.raises(Exception, match="MEND_SEED_KEYS is empty"):
            call_command("seal_seeds", stdout=StringIO())
    assert len(warnings) == 1 and "MEND_SEED_KEYS" in warnings[0].hint
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id == "mend.W104"]
