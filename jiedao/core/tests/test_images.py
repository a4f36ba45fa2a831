"""What an accepted image becomes (``jiedao.core.images.clean_image``): no
metadata in any format, upright, in one of three modes, bounded in size, under a
random name. Hostile files are in ``tests/test_hostile_images.py``."""

import re
from io import BytesIO
from typing import cast

import pytest
from django.core.files.base import ContentFile
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms, ImageOps

from jiedao.core.images import CleanImage, clean_image
from tests.hostile.images import (
    GREEN,
    RED,
    SECRET,
    animated,
    encode,
    odd_kinds,
    phone_jpeg,
    quadrants,
    with_metadata,
)

METADATA_KEYS = {"exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp", "Comment", "Author"}


def cleaned(data: bytes, **limits: int) -> tuple[CleanImage, Image.Image]:
    result = clean_image(ContentFile(data, name="我的照片.jpg"), **limits)
    return result, Image.open(BytesIO(result.content))


def close(colour: object, expected: tuple[int, ...], tolerance: int = 40) -> bool:
    assert isinstance(colour, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def assert_bare(result: CleanImage, picture: Image.Image) -> None:
    assert SECRET not in result.content
    assert not picture.getexif()
    assert not METADATA_KEYS & set(picture.info)
    if picture.format == "PNG":
        assert picture.text == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", sorted(with_metadata()))
def test_no_metadata_survives_in_any_format(kind: str) -> None:
    data = with_metadata()[kind]
    original = Image.open(BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo) and SECRET in data  # the test carries a position
    result, picture = cleaned(data)
    assert_bare(result, picture)
    assert picture.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_photo_is_turned_upright_whatever_its_exif_orientation(orientation: int) -> None:
    data = phone_jpeg(orientation)
    upright = ImageOps.exif_transpose(Image.open(BytesIO(data)))
    result, picture = cleaned(data)
    assert picture.size == upright.size
    width, height = picture.size
    for x, y in ((width // 4, height // 4), (3 * width // 4, height // 4), (width // 4, 3 * height // 4)):
        assert close(picture.getpixel((x, y)), upright.getpixel((x, y))), (orientation, x, y)  # type: ignore[arg-type]
    assert_bare(result, picture)


@pytest.mark.parametrize("kind", sorted(odd_kinds()))
def test_every_mode_comes_out_as_grey_colour_or_a_transparent_png(kind: str) -> None:
    data, mode = odd_kinds()[kind]
    original = Image.open(BytesIO(data))
    result, picture = cleaned(data)
    assert picture.mode == mode
    assert picture.size == original.size
    if mode == "RGBA":
        assert (picture.format, result.content_type, result.name[-4:]) == ("PNG", "image/png", ".png")
        # see-through as much and where it was
        assert picture.getchannel("A").tobytes() == original.convert("RGBA").getchannel("A").tobytes()
    else:
        assert (picture.format, result.content_type, result.name[-4:]) == ("JPEG", "image/jpeg", ".jpg")
    assert_bare(result, picture)


def test_sixteen_bit_grey_keeps_its_tones_instead_of_turning_white() -> None:
    _, picture = cleaned(odd_kinds()["png-16-bit-grey"][0])
    low, high = cast(tuple[int, int], picture.getextrema())
    assert low < 20 and high > 230
    assert abs(picture.getpixel((32, 1)) - 128) < 20  # type: ignore[operator]


def test_cmyk_colours_come_out_in_rgb() -> None:
    _, picture = cleaned(odd_kinds()["jpeg-cmyk"][0])
    assert close(picture.getpixel((5, 5)), (255, 0, 0))


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_an_animation_keeps_its_first_frame_only(format: str) -> None:
    data = animated(format)
    assert Image.open(BytesIO(data)).n_frames == 3  # type: ignore[attr-defined]
    _, picture = cleaned(data)
    assert not getattr(picture, "is_animated", False)
    assert close(picture.getpixel((5, 5)), RED)


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(
    ("mode", "colour", "icc"),
    [
        ("RGB", GREEN, SRGB),
        ("RGB", GREEN, b"not a profile " + SECRET),
        ("CMYK", (255, 0, 255, 0), b"not a profile " + SECRET),
        ("RGB", GREEN, ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()),
    ],
    ids=["srgb", "broken", "cmyk-broken", "mismatched"],
)
def test_an_icc_profile_is_applied_or_ignored_and_never_kept(mode: str, colour: tuple[int, ...], icc: bytes) -> None:
    data = encode(Image.new(mode, (32, 32), colour), "JPEG", icc_profile=icc)
    result, picture = cleaned(data)
    assert close(picture.getpixel((16, 16)), (0, 255, 0), tolerance=60)  # green, whichever way it went
    assert_bare(result, picture)


@settings(max_examples=40, deadline=None)
@given(width=st.integers(1, 300), height=st.integers(1, 300))
def test_the_longest_side_is_bounded_and_the_shape_kept(width: int, height: int) -> None:
    max_side = 64
    _, picture = cleaned(encode(Image.new("RGB", (width, height), RED), "PNG"), max_side=max_side)
    if max(width, height) <= max_side:
        assert picture.size == (width, height)
    else:
        assert max(picture.size) == max_side
        scale = max_side / max(width, height)
        assert abs(picture.width - width * scale) <= 1 and abs(picture.height - height * scale) <= 1


def test_a_large_jpeg_is_scaled_down() -> None:
    data = encode(quadrants(3000, 2000), "JPEG")
    _, picture = cleaned(data, max_side=500)
    assert picture.size == (500, 333)
    assert close(picture.getpixel((10, 10)), RED)


def test_stored_names_are_random_and_never_the_uploaded_one() -> None:
    data = phone_jpeg()
    names = {cleaned(data)[0].name for _ in range(3)}
    assert len(names) == 3
    assert all(re.fullmatch(r"[0-9a-f]{32}\.jpg", name) for name in names)
