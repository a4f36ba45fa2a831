"""What the enrolment page shows: the QR code an authenticator app scans, and the
same secret written out for typing."""

from base64 import b32encode
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice


def issuer(device: TOTPDevice) -> str:
    """The name the app lists the account under: the user's sub-district, else the site's."""
    subdistrict = device.user.subdistrict
    return str(subdistrict.name if subdistrict is not None else settings.SITE_NAME).replace(":", "")


def secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def secret_groups(device: TOTPDevice) -> list[str]:
    """The secret in groups of four letters, as it is typed into an app by hand."""
    text = secret(device)
    return [text[i : i + 4] for i in range(0, len(text), 4)]


def provisioning_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of the Key URI Format every authenticator app reads."""
    name = issuer(device)
    label = quote(f"{name}:{device.user.get_username()}")
    params = urlencode(
        {"secret": secret(device), "issuer": name, "digits": device.digits, "period": device.step}, quote_via=quote
    )
    return f"otpauth://totp/{label}?{params}"


def qr_data_uri(device: TOTPDevice) -> str:
    """The QR code as an SVG ``data:`` address for an ``<img>`` (the CSP allows ``data:``
    images; nothing is stored or served apart)."""
    return str(segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5, border=4))
