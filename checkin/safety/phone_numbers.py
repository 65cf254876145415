"""Reading a safety plan: phone numbers in the patient's own words become
buttons to call. Pure Python."""

import re

# A run of at least six digits, spaces allowed inside, an optional leading +.
PHONE = re.compile(r"\+?\d[\d ]{4,}\d")


def numbers_in(text: str) -> list[tuple[str, str]]:
    """Every phone number in ``text``, with the line it stands on:
    ``[(line, "tel:07700900123"), ...]``, in order, each number once."""
    found, seen = [], set()
    for line in text.splitlines():
        for number in PHONE.findall(line):
            digits = number.replace(" ", "")
            if digits not in seen:
                seen.add(digits)
                found.append((line.strip(), "tel:" + digits))
    return found
