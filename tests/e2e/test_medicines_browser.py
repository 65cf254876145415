"""The list of medicines on a phone, as a patient keeps it: from the account
page to "Add a medicine", a bad date put right without retyping, the list
with three medicines (one as needed, one stopped), a dose in one tap and its
Undo, at 390x844 and 320x640, light and dark, with axe and 44 px targets."""

import datetime

import pytest

from checkin.models import Medicine

SIZES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 640}}


@pytest.fixture
def three_medicines(patient, today):
    Medicine.objects.create(patient=patient, name="Naproxen", dose_text="250 mg", as_needed=True, note="With food")
    Medicine.objects.create(patient=patient, name="Amitriptyline", dose_text="10 mg at night")
    Medicine.objects.create(
        patient=patient,
        name="Co-codamol",
        dose_text="30/500",
        as_needed=True,
        started_on=today - datetime.timedelta(days=90),
        stopped_on=today - datetime.timedelta(days=10),
    )


def assert_targets_are_44_px(page):
    for target in page.locator("main .btn, .medicine-form .form-check-label").all():
        assert target.bounding_box()["height"] >= 44, target.inner_text()


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("size", SIZES)
def test_adding_a_medicine_on_a_phone(phone_page, log_in, patient, three_medicines, shot, axe_check, scheme, size):
    page = phone_page(color_scheme=scheme)
    page.set_viewport_size(SIZES[size])
    log_in(page, patient)
    page.goto("/account/")
    page.get_by_role("link", name="My medicines").click()
    shot(page, f"{scheme}-{size}-medicines")
    axe_check(page, f"/medicines/ ({scheme}, {size})")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    stopped = page.locator(".medicine-list-stopped")
    assert "Co-codamol" in stopped.inner_text() and "Naproxen" not in stopped.inner_text()

    page.get_by_role("link", name="Add a medicine").click()
    page.get_by_label("Name").fill("Pregabalin")
    page.get_by_label("Strength or dose").fill("75 mg")
    page.get_by_label("Only when I need it").check()
    page.get_by_label("Started").fill("2026-11-30")
    page.get_by_label("Stopped").fill("2026-11-01")
    page.get_by_role("button", name="Save").click()
    # Put right without retyping: everything else is still there.
    assert page.get_by_role("alert").inner_text().count("Stopped: must be on or after the day it started.") == 1
    assert page.get_by_label("Name").input_value() == "Pregabalin"
    assert page.get_by_label("Only when I need it").is_checked()
    shot(page, f"{scheme}-{size}-medicine-form-error")
    axe_check(page, f"/medicines/add/ with an error ({scheme}, {size})")
    page.get_by_label("Stopped").fill("")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("status").filter(has_text="Pregabalin is on your list.").count() == 1
    assert_targets_are_44_px(page)  # the list, with Pregabalin on it
    # A dose in one tap, on the list for 48 hours with Undo.
    page.locator("[data-medicine]", has_text="Naproxen").get_by_role("button", name="I took it now").click()
    recent = page.locator(".recent-doses")
    assert "Naproxen" in recent.inner_text()
    shot(page, f"{scheme}-{size}-medicines-dose-logged")
    axe_check(page, f"/medicines/ after a dose ({scheme}, {size})")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    recent.get_by_role("button").click()
    assert page.locator(".recent-doses").count() == 0
    page.goto(f"/medicines/{Medicine.objects.get(name='Pregabalin').pk}/")
    assert_targets_are_44_px(page)
    assert Medicine.objects.get(name="Pregabalin").as_needed is True
