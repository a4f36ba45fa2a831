"""The rotating QR token of a sign-in screen.

A token is ``"<session>.<mode>.<window>:<signature>"`` signed with the
project's secret key under a salt of its own (``django.core.signing.Signer``):
short, so that the QR code stays coarse enough for an old phone's camera. The
window is ``floor(unix time / 30 s)``: the screen shows a new token every 30
seconds, and a token whose window began more than 2 minutes ago is refused, so
a photo of the code passed around stops working.
"""

import datetime as dt
import time
from dataclasses import dataclass

import segno
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.core.errors import Invalid

SALT = "jiedao.activities.qr"
WINDOW_SECONDS = 30
MAX_AGE_SECONDS = 120
# A screen whose clock runs a little ahead of the server's is still believed.
FUTURE_WINDOWS = 1


class Mode:
    IN = "in"
    OUT = "out"


_MODE_CODES = {Mode.IN: "i", Mode.OUT: "o"}
_CODE_MODES = {code: mode for mode, code in _MODE_CODES.items()}


class TokenError(Invalid):
    """A token that cannot sign anyone in (API 400, with the subclass's code)."""


class TokenInvalid(TokenError):
    code = "token_invalid"


class TokenExpired(TokenError):
    code = "token_expired"


class TokenWrongSession(TokenError):
    code = "token_wrong_session"


@dataclass(frozen=True)
class Token:
    value: str
    session_id: int
    mode: str
    window: int

    @property
    def issued_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.window * WINDOW_SECONDS, tz=dt.UTC)

    @property
    def expires_at(self) -> dt.datetime:
        """When it stops being accepted (2 minutes after its window began)."""
        return self.issued_at + dt.timedelta(seconds=MAX_AGE_SECONDS)

    @property
    def rotates_at(self) -> dt.datetime:
        """When the screen shows the next one."""
        return self.issued_at + dt.timedelta(seconds=WINDOW_SECONDS)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def current_window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // WINDOW_SECONDS)


def issue(session_id: int, mode: str = Mode.IN, *, now: float | None = None) -> Token:
    """The token a screen shows now for ``session_id``."""
    window = current_window(now)
    value = _signer().sign(f"{session_id}.{_MODE_CODES[mode]}.{window}")
    return Token(value=value, session_id=session_id, mode=mode, window=window)


def invalid() -> TokenError:
    return TokenInvalid(_("无效的签到码，请扫描现场屏幕上的二维码。"))


def expired() -> TokenError:
    return TokenExpired(_("签到码已过期，请扫描现场屏幕上的最新二维码"))


def wrong_session() -> TokenError:
    return TokenWrongSession(_("这是另一场活动的签到码，请扫描本场活动现场屏幕上的二维码。"))


def read(value: str, *, now: float | None = None) -> Token:
    """The token's content if it is genuine and fresh; else ``TokenError``."""
    try:
        payload = _signer().unsign((value or "").strip())
        session_part, mode_code, window_part = payload.split(".")
        token = Token(value=value, session_id=int(session_part), mode=_CODE_MODES[mode_code], window=int(window_part))
    except (signing.BadSignature, ValueError, KeyError):
        raise invalid() from None
    moment = time.time() if now is None else now
    if token.window > current_window(moment) + FUTURE_WINDOWS:
        raise invalid()
    if moment - token.window * WINDOW_SECONDS > MAX_AGE_SECONDS:
        raise expired()
    return token


def verify(value: str, session_id: int, *, now: float | None = None) -> Token:
    """``read``, and the token must be for ``session_id``."""
    token = read(value, now=now)
    if token.session_id != session_id:
        raise wrong_session()
    return token


def sign_in_url(request: HttpRequest, token: Token) -> str:
    """The absolute address of the resident sign-in page the QR code holds."""
    path = reverse("activities:scan", kwargs={"pk": token.session_id})
    return request.build_absolute_uri(f"{path}?t={token.value}")


def svg_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` URI (the CSP allows ``img-src data:``)."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(scale=8, border=2, dark="#000", light="#fff"))
