"""``download_response``: the one way a page or an endpoint answers with a file."""

from urllib.parse import quote

from jiedao.core.downloads import download_response


def test_a_file_to_save_is_an_attachment_kept_out_of_caches() -> None:
    response = download_response(b"name,phone\r\n", filename="roster.csv", content_type="text/csv; charset=utf-8")

    assert response.status_code == 200
    assert response.content == b"name,phone\r\n"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster.csv"'
    assert response["Cache-Control"] == "no-store"


def test_an_inline_file_is_shown_in_the_browser() -> None:
    response = download_response(b"%PDF-1.7", filename="minutes.pdf", content_type="application/pdf", inline=True)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="minutes.pdf"'
    assert response.content == b"%PDF-1.7"


def test_a_chinese_filename_is_encoded_per_rfc_6266() -> None:
    name = "凉城新村 人员名单（2024）.xlsx"

    response = download_response(b"x", filename=name, content_type="application/octet-stream")

    header = response["Content-Disposition"]
    assert header == "attachment; filename*=utf-8''" + quote(name)
    assert header.startswith("attachment; filename*=utf-8''%E5%87%89%E5%9F%8E")
    assert header.isascii() and " " not in header.split("''", 1)[1]


def test_an_inline_chinese_filename_is_encoded_too() -> None:
    response = download_response(b"x", filename="会议纪要.pdf", content_type="application/pdf", inline=True)

    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote("会议纪要.pdf")


def test_quotes_in_an_ascii_filename_are_escaped() -> None:
    response = download_response(b"x", filename='a "b".txt', content_type="text/plain")

    assert response["Content-Disposition"] == r'attachment; filename="a \"b\".txt"'


def test_a_public_file_may_be_cached() -> None:
    response = download_response(b"x", filename="guide.pdf", content_type="application/pdf", private=False)

    assert "Cache-Control" not in response
    assert response["Content-Disposition"] == 'attachment; filename="guide.pdf"'


def test_text_content_is_encoded_with_the_charset_of_the_content_type() -> None:
    utf8 = download_response("姓名,电话\n", filename="a.csv", content_type="text/csv; charset=utf-8")
    gb = download_response("姓名,电话\n", filename="a.csv", content_type="text/csv; charset=gb18030")

    assert utf8.content == "姓名,电话\n".encode()
    assert gb.content == "姓名,电话\n".encode("gb18030")
