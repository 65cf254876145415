"""The patient's list of medicines: add, change, mark stopped, delete; and
"I took it now", with the last 48 hours' doses and Undo.

In the patient's words: Mend keeps what they write and never checks,
suggests or works out a dose (NOT_ADVICE is on every page of it)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkin import access
from checkin.medicines.forms import NOT_ADVICE, MedicineForm
from checkin.models import Dose, Medicine

# Doses listed on the page, each with Undo.
RECENT = datetime.timedelta(hours=48)


@login_required
@require_GET
def medicine_list(request):
    today = request.user.today()
    medicines = list(access.own_medicines(request.user))
    recent = access.own_doses(request.user).filter(taken_at__gte=timezone.now() - RECENT)
    context = {
        "current": [m for m in medicines if m.stopped_on is None or m.stopped_on >= today],
        "stopped": [m for m in medicines if m.stopped_on is not None and m.stopped_on < today],
        "recent": recent.select_related("medicine").order_by("-taken_at", "-pk"),
        "not_advice": NOT_ADVICE,
    }
    return render(request, "medicines/list.html", context)


@login_required
@require_POST
def dose_took(request, medicine_id: int):
    """ "I took it now": one tap, one of its units, now."""
    medicine = access.own_medicine(request.user, medicine_id)
    Dose.objects.create(patient=request.user, medicine=medicine, taken_at=timezone.now())
    messages.success(request, f"{medicine.name}: logged now.")
    return redirect("medicines")


@login_required
@require_POST
def dose_undo(request, dose_id: int):
    dose = access.own_dose(request.user, dose_id)
    dose.delete()
    messages.success(request, f"{dose.medicine.name}: that dose is taken off.")
    return redirect("medicines")


@login_required
@require_http_methods(["GET", "POST"])
def medicine_add(request):
    return _form_page(request, Medicine(patient=request.user), "Add a medicine", "{name} is on your list.")


@login_required
@require_http_methods(["GET", "POST"])
def medicine_edit(request, medicine_id: int):
    medicine = access.own_medicine(request.user, medicine_id)
    return _form_page(request, medicine, f"Change {medicine.name}", "Saved.")


def _form_page(request, medicine, heading: str, saved: str):
    form = MedicineForm(request.POST or None, instance=medicine, today=request.user.today())
    if request.method == "POST" and form.is_valid():
        form.instance.updated_at = timezone.now()
        saved_medicine = form.save()
        messages.success(request, saved.format(name=saved_medicine.name))
        return redirect("medicines")
    context = {"form": form, "medicine": medicine, "heading": heading, "not_advice": NOT_ADVICE}
    return render(request, "medicines/form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def medicine_stop(request, medicine_id: int):
    """ "I've stopped taking it" in one tap: stopped today; it stays on the list."""
    medicine = access.own_medicine(request.user, medicine_id)
    medicine.stopped_on = request.user.today()  # never before it started: that is today or earlier
    medicine.updated_at = timezone.now()
    medicine.save(update_fields=["stopped_on", "updated_at"])
    messages.success(request, f"{medicine.name} is under Stopped from today.")
    return redirect("medicines")


@login_required
@require_http_methods(["GET", "POST"])
def medicine_delete(request, medicine_id: int):
    medicine = access.own_medicine(request.user, medicine_id)
    if request.method == "POST":
        name = medicine.name
        medicine.delete()
        messages.success(request, f"{name} is deleted from your list.")
        return redirect("medicines")
    return render(request, "medicines/delete.html", {"medicine": medicine})
