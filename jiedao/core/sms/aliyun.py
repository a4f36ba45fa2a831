"""Aliyun SMS (短信服务, dysmsapi ``SendSms``): the production gateway adapter.

An RPC-style call signed with HMAC-SHA1 (signature version 1.0): every parameter but
``Signature`` is percent-encoded (RFC 3986, UTF-8), sorted by name and joined into the
canonical query; the string to sign is ``POST&%2F&`` followed by that query, encoded
again; the key is the AccessKey secret followed by ``&``; the signature is the base64
of the digest. The parameters travel in a form-encoded POST body, so the phone number
and the code never appear in a URL (and so in no proxy's log).

The gateway answers JSON: ``{"Code": "OK", ...}`` when it accepted the message, another
``Code`` (``isv.BUSINESS_LIMIT_CONTROL``, ``SignatureDoesNotMatch``, …) when not, with an
HTTP error status for some. Any refusal, HTTP error or timeout raises ``SmsNotSent``
with the gateway's code, which ``send_sms`` logs and reports as False.
"""

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import json
import uuid
from collections.abc import Mapping
from urllib.error import HTTPError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from jiedao.core.sms.backends import SmsMessage, SmsNotSent

API_VERSION = "2017-05-25"
REGION = "cn-hangzhou"  # dysmsapi serves the mainland from this one region
MAX_ANSWER_BYTES = 64 * 1024
MAX_REASON_CHARS = 200
MIN_SCRUBBED_CHARS = 4  # shorter parameters (an hour count) are no secret and would garble the log
HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"}


def percent_encode(value: str) -> str:
    """RFC 3986: letters, digits and ``-_.~`` stay, everything else is %XY of its UTF-8
    bytes (a space is %20, ``*`` is %2A, ``~`` stays)."""
    return quote(value, safe="")


def canonical_query(params: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def signature(params: Mapping[str, str], *, secret: str, method: str = "POST") -> str:
    """The ``Signature`` of ``params`` (which must not hold one)."""
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def template_codes() -> dict[str, str]:
    return {name: code for name, code in settings.JIEDAO_SMS_TEMPLATE_CODES.items() if code}


class AliyunSmsBackend:
    """``JIEDAO_SMS_BACKEND=jiedao.core.sms.aliyun.AliyunSmsBackend`` (settings in docs/sms.md)."""

    def __init__(self) -> None:
        self.endpoint: str = settings.JIEDAO_SMS_ENDPOINT
        self.access_key_id: str = settings.JIEDAO_SMS_ACCESS_KEY_ID
        self.access_key_secret: str = settings.JIEDAO_SMS_ACCESS_KEY_SECRET
        self.timeout: float = float(settings.JIEDAO_SMS_TIMEOUT_SECONDS)
        self.codes = template_codes()

    def send(self, message: SmsMessage) -> None:
        body = urlencode(self.request_params(message), quote_via=quote).encode("ascii")
        # The scheme is checked in request_params: only http(s) reaches urlopen.
        request = Request(self.endpoint, data=body, method="POST", headers=HEADERS)  # noqa: S310
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = parsed_answer(response.read(MAX_ANSWER_BYTES))
        except HTTPError as error:  # the gateway answers some refusals with an error status and a JSON body
            with error:
                reason = refusal(parsed_answer(error.read(MAX_ANSWER_BYTES)), message)
            raise SmsNotSent(f"gateway answered HTTP {error.code}: {reason}") from None
        except (OSError, http.client.HTTPException) as error:  # URLError, refused, timed out, garbled
            raise SmsNotSent(f"gateway unreachable: {type(error).__name__}") from None
        if answer.get("Code") != "OK":
            raise SmsNotSent(f"gateway refused: {refusal(answer, message)}")

    def request_params(self, message: SmsMessage) -> dict[str, str]:
        if urlsplit(self.endpoint).scheme not in {"https", "http"}:
            raise SmsNotSent("JIEDAO_SMS_ENDPOINT must be an http(s) URL")
        if not (self.access_key_id and self.access_key_secret):
            raise SmsNotSent("JIEDAO_SMS_ACCESS_KEY_ID and JIEDAO_SMS_ACCESS_KEY_SECRET are not set")
        code = self.codes.get(message.template)
        if code is None:
            raise SmsNotSent(
                f"SMS template {message.template!r} has no gateway template code: "
                f"add {message.template}=<code> to JIEDAO_SMS_TEMPLATE_CODES (docs/sms.md)"
            )
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": REGION,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            "PhoneNumbers": message.phone,
            "SignName": message.signature,
            "TemplateCode": code,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
        }
        params["Signature"] = signature(params, secret=self.access_key_secret)
        return params


def parsed_answer(answer: bytes) -> dict[str, object]:
    try:
        parsed = json.loads(answer)
    except (ValueError, RecursionError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def refusal(answer: Mapping[str, object], message: SmsMessage) -> str:
    """The gateway's code and message for the log, without the number or a parameter."""
    if not answer:
        return "no JSON answer"
    text = f"{answer.get('Code', '?')} ({answer.get('Message', '')}; RequestId {answer.get('RequestId', '?')})"
    for secret in (message.phone, *message.params.values()):
        if len(secret) >= MIN_SCRUBBED_CHARS:
            text = text.replace(secret, "***")
    return text[:MAX_REASON_CHARS]
