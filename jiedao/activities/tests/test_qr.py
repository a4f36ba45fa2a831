import datetime as dt

import pytest
import time_machine
from django.core import signing

from jiedao.activities import qr

START = dt.datetime(2026, 5, 20, 9, 0, 5, tzinfo=dt.UTC)


def test_a_token_rotates_every_30_seconds_and_reads_back() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        first = qr.issue(7)
        assert qr.verify(first.value, 7) == first
        traveller.shift(20)  # same window (09:00:00-09:00:30)
        assert qr.issue(7).value == first.value
        traveller.shift(10)
        second = qr.issue(7)
        assert second.value != first.value and second.window == first.window + 1
        assert first.rotates_at == dt.datetime(2026, 5, 20, 9, 0, 30, tzinfo=dt.UTC)
        assert first.expires_at == dt.datetime(2026, 5, 20, 9, 2, 0, tzinfo=dt.UTC)


def test_a_token_older_than_two_minutes_is_refused() -> None:
    with time_machine.travel(START, tick=False) as traveller:
        token = qr.issue(7)
        traveller.move_to(token.expires_at)  # exactly 2 minutes after its window began
        assert qr.verify(token.value, 7).session_id == 7
        traveller.shift(1)
        with pytest.raises(qr.TokenError) as exc:
            qr.verify(token.value, 7)
    assert exc.value.code == "token_expired"
    assert exc.value.message == "签到码已过期，请扫描现场屏幕上的最新二维码"


def test_forged_tampered_and_future_tokens_are_invalid() -> None:
    with time_machine.travel(START, tick=False):
        token = qr.issue(7)
        _session, _mode, window = signing.Signer(salt=qr.SALT).unsign(token.value).split(".")
        bad = [
            "",
            "garbage",
            token.value.replace("7.", "8.", 1),  # another session, signature kept
            signing.Signer(salt="other").sign("7.i." + window),  # wrong salt
            signing.Signer(salt=qr.SALT).sign(f"7.x.{window}"),  # unknown mode
            signing.Signer(salt=qr.SALT).sign(f"7.i.{int(window) + 5}"),  # from the future
        ]
        for value in bad:
            with pytest.raises(qr.TokenError) as exc:
                qr.verify(value, 7)
            assert exc.value.code == "token_invalid", value
            assert "无效的签到码" in exc.value.message


def test_token_errors_are_invalid_input() -> None:
    from jiedao.core.errors import Invalid

    with pytest.raises(Invalid) as exc:
        qr.verify("garbage", 7)
    assert isinstance(exc.value, qr.TokenInvalid) and exc.value.code == "token_invalid"


def test_another_sessions_token_says_so() -> None:
    with time_machine.travel(START, tick=False):
        token = qr.issue(8, qr.Mode.OUT)
        with pytest.raises(qr.TokenError) as exc:
            qr.verify(token.value, 7)
        assert exc.value.code == "token_wrong_session"
        assert qr.read(token.value).mode == qr.Mode.OUT


def test_the_qr_image_is_an_svg_data_uri() -> None:
    uri = qr.svg_data_uri("https://jiedao.example/activities/sessions/7/sign-in/?t=abc")
    assert uri.startswith("data:image/svg+xml")
