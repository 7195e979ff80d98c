"""URL converters of the API paths."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1      # ids are 32-bit integer columns (PostgreSQL ``integer``)


class IdConverter(IntegerConverter):
    """``<id:record_id>``: a row id, 1 … 2³¹−1. Anything else matches no route, so it is a 404 like
    any id outside the caller's scope, and never reaches the database as an out-of-range value."""

    def __init__(self, map, *args, **kwargs):       # noqa: A002 - werkzeug's signature
        super().__init__(map, min=1, max=MAX_ID)
