"""API bearer tokens: issued at login, stored only as a SHA-256 digest,
expiring after ``JIEDAO_API_TOKEN_HOURS`` and revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from jiedao.accounts import identity
from jiedao.accounts.models import ApiToken, User


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, user: User) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + timedelta(hours=settings.JIEDAO_API_TOKEN_HOURS),
    )
    return raw, token


def token_user(raw: str) -> User | None:
    """The active user behind a live token, or None. The user comes with their
    sub-district and today's role assignments (``accounts.identity``: every call needs them)."""
    found = identity.by_token_digest(_digest(raw))
    now = timezone.now()
    if found is None or not found.user.is_active:
        return None
    token = found.token
    if token.revoked_at is not None or token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # throttled: not one write per request
    return found.user


def token_revoke(*, raw: str) -> bool:
    return bool(ApiToken.objects.filter(digest=_digest(raw), revoked_at__isnull=True).update(revoked_at=timezone.now()))
