"""A medicine as plain data: what the API answers and the JSON export writes."""

from checkin.models import Medicine


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
