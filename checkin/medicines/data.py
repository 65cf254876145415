"""Medicines, doses and "did it help?" answers as plain data: what the API answers and the JSON export writes."""

from checkin.models import Dose, DoseEffect, Medicine


def as_data(row: Medicine) -> dict:
    return {
        "client_uuid": str(row.client_uuid),
        "name": row.name,
        "dose_text": row.dose_text,
        "as_needed": row.as_needed,
        "started_on": row.started_on.isoformat() if row.started_on else None,
        "stopped_on": row.stopped_on.isoformat() if row.stopped_on else None,
        "note": row.note,
        "updated_at": row.updated_at.isoformat(),
    }


def dose_data(row: Dose) -> dict:
    return {
        "client_uuid": str(row.client_uuid),
        "medicine": str(row.medicine.client_uuid),
        "taken_at": row.taken_at.isoformat(),
        "amount": float(row.amount),
        "updated_at": row.updated_at.isoformat(),
    }


def effect_data(row: DoseEffect) -> dict:
    return {
        "client_uuid": str(row.client_uuid),
        "dose": str(row.dose.client_uuid),
        "pain": row.pain,
        "answered_at": row.answered_at.isoformat(),
    }
