"""Path converters: a day in a URL is an ISO date (YYYY-MM-DD), or no match (404)."""

import datetime

from django.urls import register_converter


class IsoDate:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # a ValueError (30 Feb) is no match: 404

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(IsoDate, "isodate")
