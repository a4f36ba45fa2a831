"""A scan remembered across logging in: the QR token on a 签到 screen is believed for
2 minutes (``qr.MAX_AGE_SECONDS``), but someone who has never used the platform needs
longer than that to type their number, the code from the text message and their ID
number. When a genuine, fresh token is scanned by a browser that must first log in (or
bind its account), the browser's session keeps the token and the moment it was seen;
for ``PASS_SECONDS`` after, that browser's token is judged as of that moment. A photo of
the code sent on later still fails: the pass belongs to the browser that scanned in time.
"""

import contextlib
import time

from django.http import HttpRequest

from jiedao.activities import qr

PASS_SECONDS = 15 * 60
_KEY = "activities.scan_passes"


def keep(request: HttpRequest, token: qr.Token) -> None:
    """Remember ``token`` (just verified) for this browser."""
    now = time.time()
    passes = {
        pk: seen
        for pk, seen in request.session.get(_KEY, {}).items()
        if now - seen[1] <= PASS_SECONDS and pk != str(token.session_id)
    }
    passes[str(token.session_id)] = [token.value, now]
    request.session[_KEY] = passes


def keep_if_fresh(request: HttpRequest, value: str, session_id: int) -> None:
    """Before logging in: keep ``value`` if it is a genuine fresh code of session
    ``session_id`` (whose sub-district is checked once logged in); a bad one is judged
    again, and answered, then."""
    with contextlib.suppress(qr.TokenError):
        keep(request, qr.verify(value, session_id))


def verify(request: HttpRequest, value: str, session_id: int) -> qr.Token:
    """``qr.verify``, but a token this browser kept while it was fresh is judged as of the
    moment it was kept (within ``PASS_SECONDS``)."""
    try:
        return qr.verify(value, session_id)
    except qr.TokenExpired:
        seen = request.session.get(_KEY, {}).get(str(session_id))
        if not seen or seen[0] != value or time.time() - seen[1] > PASS_SECONDS:
            raise
        return qr.verify(value, session_id, now=seen[1])
