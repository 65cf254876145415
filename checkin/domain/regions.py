"""Where a deployment is: a country, or a part of one whose lines differ.

A region is an ISO 3166-1 country code (GB, AU), an ISO 3166-2 code for a
part of a country (GB-NIR for Northern Ireland, AU-VIC for Victoria), or EU
for the lines every European Union country shares.
"""

import re

CODE = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")
# The European Union's member states (ISO 3166-1; Greece is GR), where 112
# reaches the emergency services: those without lines of their own show it.
EU_COUNTRIES = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
FORM = "a country code such as GB, AU or US, or a part of one such as GB-NIR or AU-VIC (capitals)"


def is_code(text: str) -> bool:
    return CODE.fullmatch(text) is not None


def country_of(code: str) -> str:
    """The country a region is in: "AU" for "AU-VIC", "AU" for "AU"."""
    return code.split("-", 1)[0]


def in_eu(code: str) -> bool:
    """Whether 112 (the EU's own lines) applies: EU itself, or a member state or a part of one."""
    return country_of(code) in EU_COUNTRIES | {"EU"}
