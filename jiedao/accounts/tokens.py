"""API bearer tokens: issued at login, stored only as a SHA-256 digest,
expiring after ``JIEDAO_API_TOKEN_HOURS`` and revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

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
    """The active user behind a live token, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user__subdistrict")  # the actor and most answers name it
        .filter(digest=_digest(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # throttled: not one write per request
    return token.user


def token_revoke(*, raw: str) -> bool:
    return bool(ApiToken.objects.filter(digest=_digest(raw), revoked_at__isnull=True).update(revoked_at=timezone.now()))
