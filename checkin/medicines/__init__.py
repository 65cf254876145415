"""Medicines: the patient's own list, in their words (/medicines/, /api/medicines/)."""
