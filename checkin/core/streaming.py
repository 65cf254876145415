"""Reading a long queryset a chunk at a time, for the streamed exports.

Django's ``.iterator()`` reads through a server-side cursor on PostgreSQL. A
cursor lives in one database session, and behind a pooler in transaction mode
(PgBouncer) the next fetch may reach another session: "cursor does not exist".
With ``DISABLE_SERVER_SIDE_CURSORS`` the driver instead reads the whole result
into memory at once. Keyset pagination keeps memory flat either way: each
query asks for the next ``size`` rows after the last one read, in its own
short statement.
"""

from collections.abc import Iterator

from django.db.models import Q

CHUNK = 500  # rows per query: ten years of days is eight queries


def in_chunks(queryset, key: tuple[str, ...], size: int = CHUNK) -> Iterator:
    """Each row of ``queryset`` in the order of ``key``, ``size`` rows per query.

    ``key`` names fields that together tell any two rows apart (end it with
    "pk" when unsure); a "-" in front orders that field newest first.
    """
    queryset = queryset.order_by(*key)
    last = None
    while True:
        rows = list((queryset if last is None else queryset.filter(after(key, last)))[:size])
        yield from rows
        if len(rows) < size:
            return
        last = tuple(getattr(rows[-1], field.lstrip("-")) for field in key)
        del rows  # let this chunk go before the next is read: one chunk in memory, not two


def after(key: tuple[str, ...], values: tuple) -> Q:
    """The rows that come after ``values`` in the order of ``key``: greater in
    the first field, or equal in it and after in the rest."""
    field, value = key[0], values[0]
    name, beyond = (field[1:], "lt") if field.startswith("-") else (field, "gt")
    later = Q(**{f"{name}__{beyond}": value})
    if len(key) == 1:
        return later
    return later | (Q(**{name: value}) & after(key[1:], values[1:]))
