"""Hostile images against the one door every image upload goes through
(``jiedao.core.images.clean_image``): each is refused with its message, or taken
in harmless (re-encoded, nothing carried over); never an error of another kind,
never a decode of more pixels than the limit. The files are built at test time
(``tests/hostile/images.py``). The meeting photo page's handling of the same
files is in ``jiedao/meetings/tests/test_photos.py``."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from jiedao.core.images import MAX_PIXELS, MAX_SIDE, CleanImage, clean_image
from tests.hostile.images import (
    SECRET,
    encode,
    heic_header,
    jpeg_claiming,
    noisy_photo,
    not_images,
    png_bomb,
    png_claiming,
    polyglots,
    quadrants,
    truncated,
)


def refusal(data: bytes, **limits: int) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean_image(ContentFile(data, name="photo.jpg"), **limits)
    assert all(message.strip() for message in caught.value.messages)
    return caught.value


def cleaned_or_refused(data: bytes) -> CleanImage | None:
    """The only two outcomes an upload may have."""
    try:
        return clean_image(ContentFile(data, name="photo.jpg"))
    except ValidationError:
        return None


@pytest.mark.parametrize("kind", sorted(not_images()))
def test_a_file_named_jpg_that_is_something_else_is_refused(kind: str) -> None:
    error = refusal(not_images()[kind])
    assert error.code == "not_an_image"
    assert "JPG" in error.messages[0]


def test_an_iphone_heic_photo_is_refused_with_what_to_do() -> None:
    error = refusal(heic_header())
    assert error.code == "heic_image" and "HEIC" in error.messages[0] and "JPG" in error.messages[0]


# ---------------------------------------------------------------- pixel floods


def _over_the_limit(limit: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(1, limit), st.integers(1, limit)).filter(lambda s: s[0] * s[1] > MAX_PIXELS)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(size=_over_the_limit(2**31 - 1))
def test_a_png_declaring_too_many_pixels_is_refused_from_its_header(size: tuple[int, int]) -> None:
    # The file holds almost no data: decoding it would fail as "unreadable", so a
    # "too many pixels" refusal shows the header was read and nothing decoded.
    assert refusal(png_claiming(*size)).code == "too_many_pixels"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(size=_over_the_limit(65535))
def test_a_jpeg_declaring_too_many_pixels_is_refused_from_its_header(size: tuple[int, int]) -> None:
    assert refusal(jpeg_claiming(*size)).code == "too_many_pixels"


@pytest.mark.parametrize("size", [(100_000, 100_000), (65535, 65535), (8000, 6251), (1, 50_000_001)])
def test_the_well_known_floods_are_refused(size: tuple[int, int]) -> None:
    assert refusal(png_claiming(*size)).code == "too_many_pixels"
    if max(size) <= 65535:
        assert refusal(jpeg_claiming(*size)).code == "too_many_pixels"


def test_a_decompression_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = png_bomb(8000, 7000)  # 56 megapixels of black in about 55 KB
    assert len(bomb) < 100_000
    assert refusal(bomb).code == "too_many_pixels"


def test_a_bomb_under_the_pixel_limit_is_taken_in_at_the_bounded_size() -> None:
    result = clean_image(ContentFile(png_bomb(4000, 3000), name="photo.png"))
    picture = Image.open(BytesIO(result.content))
    assert max(picture.size) == MAX_SIDE and picture.getextrema() == (0, 0)


# ---------------------------------------------------------------- damaged and disguised


@pytest.mark.parametrize("lenient", [False, True], ids=["strict-pillow", "after-weasyprint"])
@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("keep", [0.02, 0.3, 0.6, 0.95])
def test_a_truncated_image_is_refused(format: str, keep: float, lenient: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint turns Pillow's process-wide LOAD_TRUNCATED_IMAGES on when imported:
    # an upload is refused all the same, and the flag is left as it was.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient)
    error = refusal(truncated(noisy_photo(format), keep))
    assert error.code in {"unreadable_image", "not_an_image"}
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient


@pytest.mark.parametrize("kind", sorted(polyglots()))
def test_what_is_appended_to_an_image_does_not_survive(kind: str) -> None:
    data = polyglots()[kind]
    assert SECRET in data
    result = clean_image(ContentFile(data, name="photo.jpg"))
    assert SECRET not in result.content and b"PK\x03\x04" not in result.content and b"<script" not in result.content
    assert Image.open(BytesIO(result.content)).size == quadrants().size


@settings(max_examples=60, deadline=None)
@given(
    format=st.sampled_from(["JPEG", "PNG", "WEBP"]),
    damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_random_damage_is_either_refused_or_taken_in_clean(format: str, damage: list[tuple[float, int]]) -> None:
    data = bytearray(encode(quadrants(), format))
    for where, value in damage:
        data[int(where * len(data))] = value
    result = cleaned_or_refused(bytes(data))
    if result is not None:
        picture = Image.open(BytesIO(result.content))
        picture.load()
        assert picture.format in {"JPEG", "PNG"} and not picture.getexif()


# ---------------------------------------------------------------- sizes


@pytest.mark.parametrize("extra", [1, 100, 4096])
def test_a_file_over_the_size_limit_is_refused(extra: int) -> None:
    data = encode(quadrants(), "PNG")
    error = refusal(data + b"\0" * extra, max_bytes=len(data) + extra - 1)
    assert error.code == "file_too_big" and "MB" in error.messages[0]


def test_a_file_that_lies_about_its_size_is_still_bounded() -> None:
    data = encode(quadrants(), "PNG") + b"\0" * 4096
    upload = SimpleUploadedFile("photo.png", data, "image/png")
    upload.size = 10  # what a client or a wrapper claimed
    with pytest.raises(ValidationError) as caught:
        clean_image(upload, max_bytes=len(data) - 1)
    assert caught.value.code == "file_too_big"
