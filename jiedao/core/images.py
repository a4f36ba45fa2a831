"""The one way an uploaded image is taken in: bounded, checked and re-encoded.

An upload is never stored as sent. ``clean_image`` reads at most ``MAX_BYTES``,
lets Pillow parse only JPEG, PNG and WebP, refuses a picture of more than
``MAX_PIXELS`` from its header (a pixel flood or a decompression bomb is refused
before anything is decoded), decodes the first frame, turns it upright (EXIF
orientation), converts its colours to sRGB (an embedded ICC profile is applied,
then dropped), scales it to at most ``MAX_SIDE`` pixels a side and writes a new
file with no metadata at all: no EXIF (GPS position, camera, time), XMP, comments,
text chunks or ICC profile, and nothing appended after the picture (a polyglot's
payload). A picture with transparency stays a PNG; anything else becomes a JPEG.

A refusal is a ``ValidationError`` with a message in Chinese: a service puts it
next to its image field, a form page shows it, the API answers 400.
"""

import re
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# Phones write 3-15 MB JPEGs; nginx refuses bodies over 21 MB before Django reads them.
MAX_BYTES = 20 * MB
# A 48-megapixel phone camera (8064 x 6048) fits. Decoding costs about 4 bytes a pixel
# (less for a JPEG, decoded at reduced scale: see ``_decode``).
MAX_PIXELS = 50_000_000
# Enough for a screen and a printed A4 page of minutes.
MAX_SIDE = 2560
JPEG_QUALITY = 85
# What Pillow may parse: no other of its decoders ever sees an upload.
FORMATS = ("JPEG", "PNG", "WEBP")
# For <input type="file" accept=…>; phones then send a JPEG instead of a HEIC.
ACCEPT = "image/jpeg,image/png,image/webp"
# ISO base media "ftyp" brands of HEIF/HEIC and AVIF, which Pillow cannot read.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")
_CLEAN_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png)")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image: its bytes, a random file name and its type."""

    content: bytes
    name: str
    content_type: str
    width: int
    height: int

    def as_file(self) -> ContentFile[bytes]:
        """For an ``ImageField``: ``instance.image = cleaned.as_file()``."""
        return ContentFile(self.content, name=self.name)


def is_clean_name(path: str) -> bool:
    """Whether a stored file's name is one ``clean_image`` gave (files stored before
    uploads were re-encoded kept the sender's name, and their metadata)."""
    return _CLEAN_NAME.fullmatch(path.rsplit("/", 1)[-1]) is not None


def clean_image(
    upload: File[bytes], *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE
) -> CleanImage:
    """``upload`` checked and re-encoded (see the module's description), or a
    ``ValidationError`` saying what is wrong with it."""
    data = _read_bounded(upload, max_bytes)
    with _whole_files_only():
        picture = _decode(_open(data, max_pixels), max_side)
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return _encode(_without_metadata(picture))


_STRICT = threading.Lock()


@contextmanager
def _whole_files_only() -> Iterator[None]:
    """Pillow's decoding of a truncated file depends on a process-wide flag that
    WeasyPrint turns on when imported (it pads a cut-off picture with grey). An
    upload must be whole, so the flag is off while one is decoded; the lock keeps
    two uploads from restoring it under each other. (The PDF renderer meanwhile
    would skip a truncated picture: stored pictures are whole, re-encoded here.)"""
    with _STRICT:
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _refuse_format() -> ValidationError:
    return ValidationError(_("不是可以识别的图片，请上传JPG、PNG或WebP格式的照片。"), code="not_an_image")


def _refuse_unreadable() -> ValidationError:
    return ValidationError(_("照片文件已损坏或不完整，无法读取，请重新导出后上传。"), code="unreadable_image")


def _refuse_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _("照片像素过多，最多%(limit)d万像素，请缩小后上传。") % {"limit": max_pixels // 10_000},
        code="too_many_pixels",
    )


def _read_bounded(upload: File[bytes], max_bytes: int) -> bytes:
    """The upload's bytes, never more than ``max_bytes`` of them in memory."""
    too_big = ValidationError(_("照片不能超过%(size)dMB。") % {"size": max_bytes // MB}, code="file_too_big")
    if (upload.size or 0) > max_bytes:
        raise too_big
    upload.seek(0)
    data: bytes = upload.read(max_bytes + 1)  # a size that lied is caught here
    if len(data) > max_bytes:
        raise too_big
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        raise ValidationError(
            _("不支持HEIC/HEIF格式（苹果手机的默认格式），请上传JPG、PNG或WebP格式的照片。"), code="heic_image"
        )
    return data


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Pillow reads the header only: the format and the declared size are checked
    before a single pixel is decoded."""
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 MP on and refuses from 179 MP on; ours refuses
            # everything above MAX_PIXELS just below, so its warning is only noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError:
        raise _refuse_pixels(max_pixels) from None
    except UnidentifiedImageError:
        raise _refuse_format() from None
    except Exception as exc:  # a header Pillow recognised and then failed on
        raise _refuse_unreadable() from exc
    width, height = image.size
    if width * height > max_pixels:
        raise _refuse_pixels(max_pixels)
    if width < 1 or height < 1:
        raise _refuse_unreadable()
    return image


def _decode(image: Image.Image, max_side: int) -> Image.Image:
    """The first frame, upright, in sRGB: mode ``RGB``, ``RGBA`` or ``L``."""
    try:
        # A JPEG is decoded straight at 1/2, 1/4 or 1/8 scale when that still
        # leaves ``max_side`` pixels: a 48 MP photo never takes 48 MP of memory.
        image.draft(image.mode, (max_side, max_side))
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
        return _in_srgb(image)
    except Exception as exc:  # Pillow's decoders raise many kinds of error on a damaged file
        raise _refuse_unreadable() from exc


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info


def _in_srgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit grey: ``convert("L")`` would clip every value above 255 to white.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if _has_alpha(image):
        image = image.convert("RGBA")
        opaque = image.getchannel("A").getextrema() == (255, 255)
        target = "RGB" if opaque else "RGBA"
    else:
        target = "L" if image.mode in ("1", "L") else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        # A phone's Display P3 or a print shop's CMYK profile: the colours as they
        # were meant, in the sRGB every browser and the PDF assume.
        try:
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(BytesIO(icc)), _SRGB, outputMode=target
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken or mismatched profile: the stored values as they are
        if converted is not None:
            return converted
    return image if image.mode == target else image.convert(target)  # no copy of a large picture


def _without_metadata(picture: Image.Image) -> Image.Image:
    """The pixels alone: Pillow carries a source's ``info`` (comments, ICC, XMP)
    into what it saves, so the encoder gets a new image that never had any."""
    bare = Image.new(picture.mode, picture.size)
    bare.paste(picture)
    return bare


def _encode(picture: Image.Image) -> CleanImage:
    buffer = BytesIO()
    if picture.mode == "RGBA":
        picture.save(buffer, format="PNG", optimize=False)
        suffix, content_type = "png", "image/png"
    else:
        picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        suffix, content_type = "jpg", "image/jpeg"
    return CleanImage(
        content=buffer.getvalue(),
        name=f"{uuid.uuid4().hex}.{suffix}",
        content_type=content_type,
        width=picture.width,
        height=picture.height,
    )
