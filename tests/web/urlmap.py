"""Every URL pattern of the project, with a sample address that reaches it.

Used by the tests that must hold for every page (CSRF, security headers), so
a page added later is covered without anyone remembering to list it.
"""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

# Sample values for path converters, by parameter name first, then by converter.
BY_NAME = {"day": "2024-01-01", "uidb64": "MQ", "token": "set-password"}
BY_CONVERTER = {"int": "1", "slug": "a-page", "uuid": str(uuid.UUID(int=1)), "path": "1", "str": "x"}


def _route_sample(route: str) -> str:
    def fill(match):
        converter, name = match.group(1) or "str", match.group(2)
        return BY_NAME.get(name, BY_CONVERTER.get(converter, "x"))

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _regex_sample(regex: str) -> str:
    def fill(match):
        body = match.group(2)
        first = body.split("|")[0]
        return first if re.fullmatch(r"[\w-]+", first) else "x"

    sample = re.sub(r"\(\?P<(\w+)>([^)]*)\)", fill, regex)
    return sample.replace("^", "").replace("$", "").replace("\\", "")


def every_url():
    """(pattern text, sample path, view callback) for each URL pattern."""

    def walk(patterns, prefix, route):
        for entry in patterns:
            text = str(entry.pattern)
            sample = _route_sample(text) if type(entry.pattern).__name__ == "RoutePattern" else _regex_sample(text)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + sample, route + text)
            elif isinstance(entry, URLPattern):
                yield route + text, "/" + prefix + sample, entry.callback

    return list(walk(get_resolver().url_patterns, "", ""))
