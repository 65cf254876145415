"""Phone numbers in text. Pure Python.

- A safety plan: numbers in the patient's own words become buttons to call.
- Text admins write (guidance pages, pattern-rule wording) holds none: the
  crisis lines live in one place (``CrisisLine``, shown on Get help now), so
  that a changed number changes everywhere, for the right region. A number
  typed into a page would go stale unseen and belong to no region.
"""

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


# tel:, sms: and callto: links, in Markdown or HTML.
DIAL_LINK = re.compile(r"\b(?:tel|sms|callto):[^\s)\]\"'>]*", re.IGNORECASE)
# Groups of two or more digits, joined by single spaces or hyphens: "116 123",
# "0808 808 8000", "999"; not "6-8 weeks" or "2.5 hours".
DIGIT_GROUPS = re.compile(r"(?<![\w.])\+?\d{2,}(?:[ -]\d{2,})*(?![\w.]\d)")
CALL_WORD = re.compile(r"\b(?:call|ring|phone|dial|text|txt)\b[^.\n]{0,30}$", re.IGNORECASE)
# Six digits or more is a phone number whatever the words around it.
PHONE_DIGITS = 6


def numbers_in_admin_text(text: str, line_numbers: set[str]) -> list[str]:
    """The phone numbers and dialling links in ``text``, as written there.

    A number counts when it is a dialling link, any crisis line's number
    (``line_numbers``, digits only), six digits or more, or three or more
    just after "call", "text" and the like. "150 minutes", "10 000 steps"
    and "NICE NG59 (2016)" do not count.
    """
    found = [match.group() for match in DIAL_LINK.finditer(text)]
    for match in DIGIT_GROUPS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        after_call_word = len(digits) >= 3 and CALL_WORD.search(text[: match.start()])
        if digits in line_numbers or len(digits) >= PHONE_DIGITS or after_call_word:
            found.append(match.group())
    return found
