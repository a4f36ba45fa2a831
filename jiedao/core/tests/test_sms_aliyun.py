"""The Aliyun SMS adapter against a fake gateway on 127.0.0.1 that checks each request's
signature the way the gateway does (recomputed from the received parameters with the
secret) and answers OK, a refusal, an HTTP error, or nothing in time."""

import base64
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.core import notifications, sms
from jiedao.core.sms.aliyun import percent_encode, signature
from jiedao.core.sms.templates import TEMPLATES

KEY_ID = "LTAI-test-key"
SECRET = "test-secret-of-the-fake-gateway"
SIGNATURE = "凉城新村街道"
PHONE = "13812345678"
CODE = "804215"
CODES = {name: f"SMS_{100 + i}" for i, name in enumerate(TEMPLATES)}
REQUIRED = {
    "AccessKeyId",
    "Action",
    "Format",
    "PhoneNumbers",
    "RegionId",
    "SignName",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "TemplateCode",
    "TemplateParam",
    "Timestamp",
    "Version",
}


# --- the gateway's side of the signature, written apart from the adapter's ---------


def gateway_encode(value: str) -> str:
    """As Aliyun's documentation puts it: form-encode, then + → %20, * → %2A, %7E → ~."""
    return quote_plus(value, encoding="utf-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def gateway_signature(params: dict[str, str], secret: str, method: str) -> str:
    query = "&".join(f"{gateway_encode(k)}={gateway_encode(params[k])}" for k in sorted(params) if k != "Signature")
    string_to_sign = f"{method}&{gateway_encode('/')}&{gateway_encode(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


# --- the fake gateway ------------------------------------------------------------------


@dataclass
class FakeGateway:
    url: str = ""
    mode: str = "ok"  # ok | refuse | error500 | slow
    received: list[dict[str, str]] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, method: str, content_type: str, params: dict[str, str]) -> tuple[int, bytes]:
        if method != "POST" or not content_type.startswith("application/x-www-form-urlencoded"):
            return json_answer(400, "InvalidRequest")
        if not set(params) >= REQUIRED or params["AccessKeyId"] != KEY_ID:
            return json_answer(400, "MissingParameter")
        if params["Signature"] != gateway_signature(params, SECRET, method):
            return json_answer(400, "SignatureDoesNotMatch", "Specified signature is not matched")
        if params["SignatureNonce"] in self.nonces:
            return json_answer(400, "SignatureNonceUsed")
        self.nonces.add(params["SignatureNonce"])
        self.received.append(params)
        if self.mode == "slow":
            self.release.wait(30)
        if self.mode == "error500":
            return 500, b"<html>Internal Server Error</html>"
        if self.mode == "refuse":
            # The gateway's message may repeat what it was sent: the log must not.
            message = f"触发小时级流控Permits:5 {params['PhoneNumbers']} {params['TemplateParam']}"
            return json_answer(200, "isv.BUSINESS_LIMIT_CONTROL", message)
        return json_answer(200, "OK", "OK")


def json_answer(status: int, code: str, message: str = "") -> tuple[int, bytes]:
    return status, json.dumps({"Code": code, "Message": message, "RequestId": "8906582E-6722"}).encode()


class Handler(BaseHTTPRequestHandler):
    server: "GatewayServer"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("ascii")
        params = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
        status, answer = self.server.gateway.answer(self.command, self.headers.get("Content-Type", ""), params)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:  # the client gave up waiting
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    gateway: FakeGateway


@pytest.fixture
def gateway(settings: Settings) -> Iterator[FakeGateway]:
    server = GatewayServer(("127.0.0.1", 0), Handler)
    server.gateway = FakeGateway(url=f"http://127.0.0.1:{server.server_address[1]}/")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.sms.aliyun.AliyunSmsBackend"
    settings.JIEDAO_SMS_ENDPOINT = server.gateway.url
    settings.JIEDAO_SMS_ACCESS_KEY_ID = KEY_ID
    settings.JIEDAO_SMS_ACCESS_KEY_SECRET = SECRET
    settings.JIEDAO_SMS_TEMPLATE_CODES = CODES
    settings.JIEDAO_SMS_TIMEOUT_SECONDS = 5
    yield server.gateway
    server.gateway.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def send_code() -> bool:
    return notifications.send_sms(PHONE, sms.LOGIN_CODE, {"code": CODE}, signature=SIGNATURE)


# --- the signature ---------------------------------------------------------------------


def test_the_signature_matches_aliyuns_published_examples() -> None:
    # The SendSms example of Aliyun's SMS documentation (GET) ...
    example = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert signature(example, secret="testSecret", method="GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    # ... and the DescribeRegions example of its RPC signature documentation.
    regions = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert signature(regions, secret="testsecret", method="GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [("a b", "a%20b"), ("*", "%2A"), ("~-_.", "~-_."), ("/=&+", "%2F%3D%26%2B"), ("街", "%E8%A1%97"), ('{"', "%7B%22")],
)
def test_percent_encoding(raw: str, encoded: str) -> None:
    assert percent_encode(raw) == encoded


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=40), max_size=6), st.text(max_size=20))
def test_the_signature_agrees_with_the_gateways_for_any_parameters(params: dict[str, str], secret: str) -> None:
    params.pop("Signature", None)
    assert signature(params, secret=secret) == gateway_signature(params, secret, "POST")


# --- sending ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_template_goes_out_under_its_code(gateway: FakeGateway, name: str) -> None:
    params = {param: f"值{i}" for i, param in enumerate(TEMPLATES[name].params)}
    assert notifications.send_sms(PHONE, name, params, signature=SIGNATURE)
    [received] = gateway.received
    assert received["TemplateCode"] == CODES[name]
    assert json.loads(received["TemplateParam"]) == params
    assert received["SignName"] == SIGNATURE and received["PhoneNumbers"] == PHONE
    assert (received["Action"], received["Version"], received["Format"]) == ("SendSms", "2017-05-25", "JSON")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", received["Timestamp"])


def test_each_request_has_a_new_nonce(gateway: FakeGateway) -> None:
    assert send_code() and send_code()
    assert len(gateway.nonces) == 2


def test_an_unmapped_template_is_refused_with_a_clear_error(
    gateway: FakeGateway, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.JIEDAO_SMS_TEMPLATE_CODES = {**CODES, sms.LOGIN_CODE: ""}
    assert send_code() is False
    assert gateway.received == []
    assert "'login_code' has no gateway template code" in caplog.text and "JIEDAO_SMS_TEMPLATE_CODES" in caplog.text


@pytest.mark.parametrize("missing", ["JIEDAO_SMS_ACCESS_KEY_ID", "JIEDAO_SMS_ACCESS_KEY_SECRET"])
def test_no_access_key_no_request(
    gateway: FakeGateway, settings: Settings, caplog: pytest.LogCaptureFixture, missing: str
) -> None:
    setattr(settings, missing, "")
    assert send_code() is False
    assert gateway.received == [] and "are not set" in caplog.text


@pytest.mark.parametrize(
    ("mode", "secret", "logged"),
    [
        ("ok", "a-wrong-secret", "HTTP 400: SignatureDoesNotMatch"),
        ("refuse", SECRET, "gateway refused: isv.BUSINESS_LIMIT_CONTROL"),
        ("error500", SECRET, "HTTP 500: no JSON answer"),
        ("slow", SECRET, "gateway unreachable: TimeoutError"),
    ],
)
def test_a_failure_is_logged_and_reported_never_raised(
    gateway: FakeGateway, settings: Settings, caplog: pytest.LogCaptureFixture, mode: str, secret: str, logged: str
) -> None:
    gateway.mode = mode
    settings.JIEDAO_SMS_ACCESS_KEY_SECRET = secret
    if mode == "slow":  # it answers only when the test ends
        settings.JIEDAO_SMS_TIMEOUT_SECONDS = 0.3
    assert send_code() is False
    assert logged in caplog.text and "138****5678" in caplog.text
    assert CODE not in caplog.text and PHONE not in caplog.text and SECRET not in caplog.text


def test_an_unreachable_gateway(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    server = GatewayServer(("127.0.0.1", 0), Handler)  # bound, then closed: nothing listens there
    port = server.server_address[1]
    server.server_close()
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.sms.aliyun.AliyunSmsBackend"
    settings.JIEDAO_SMS_ENDPOINT = f"http://127.0.0.1:{port}/"
    settings.JIEDAO_SMS_ACCESS_KEY_ID, settings.JIEDAO_SMS_ACCESS_KEY_SECRET = KEY_ID, SECRET
    settings.JIEDAO_SMS_TEMPLATE_CODES = CODES
    assert send_code() is False
    assert "gateway unreachable" in caplog.text


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "ftp://127.0.0.1/", "dysmsapi.aliyuncs.com"])
def test_only_an_http_endpoint(
    gateway: FakeGateway, settings: Settings, caplog: pytest.LogCaptureFixture, endpoint: str
) -> None:
    settings.JIEDAO_SMS_ENDPOINT = endpoint
    assert send_code() is False
    assert "must be an http(s) URL" in caplog.text
