"""Images for the upload tests, built at test time: photos carrying metadata that
must not be kept (GPS position, camera, comments), the odd but legitimate kinds an
office meets (CMYK, 16-bit, transparency, animation, sideways phone photos), and
hostile files (pixel floods, decompression bombs, disguised formats, polyglots,
truncated files).

Every marker that must disappear is ``SECRET``: a cleaned file must not hold it.
"""

import struct
import zipfile
import zlib
from io import BytesIO
from random import Random
from typing import Any

from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

SECRET = b"JIEDAO-SECRET"
SECRET_TEXT = SECRET.decode()
# 上海市 (31°16'50"N, 121°30'10"E): where a phone says the photo was taken.
GPS_LATITUDE = (31.0, 16.0, 50.0)
GPS_LONGITUDE = (121.0, 30.0, 10.0)
XMP = b"".join(
    [
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,16.83N">',
        SECRET,
        b"</rdf:Description></rdf:RDF></x:xmpmeta>",
    ]
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Quadrant colours of ``quadrants``: where each lands tells how the image was turned.
RED, GREEN, BLUE, WHITE = (220, 20, 20), (20, 200, 20), (20, 20, 220), (250, 250, 250)


def encode(image: Image.Image, format: str, **options: Any) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def quadrants(width: int = 96, height: int = 48) -> Image.Image:
    """Red, green / blue, white quadrants: a picture whose turn can be read back."""
    image = Image.new("RGB", (width, height), WHITE)
    half_w, half_h = width // 2, height // 2
    image.paste(RED, (0, 0, half_w, half_h))
    image.paste(GREEN, (half_w, 0, width, half_h))
    image.paste(BLUE, (0, half_h, half_w, height))
    return image


def phone_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: camera, time, orientation and the GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET_TEXT
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.DateTime] = "2024:05:01 09:30:00"
    exif[ExifTags.Base.ImageDescription] = SECRET_TEXT
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = GPS_LONGITUDE
    return exif


def phone_jpeg(orientation: int = 1, size: tuple[int, int] = (96, 48)) -> bytes:
    """A phone photo: EXIF with GPS, XMP and a comment, stored sideways unless
    ``orientation`` is 1."""
    return encode(quadrants(*size), "JPEG", exif=phone_exif(orientation), xmp=XMP, comment=SECRET, quality=95)


def png_with_metadata() -> bytes:
    """tEXt, zTXt and iTXt chunks (one of them XMP) and an eXIf chunk with GPS."""
    info = PngInfo()
    info.add_text("Comment", SECRET_TEXT)
    info.add_text("Author", SECRET_TEXT, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return encode(quadrants(), "PNG", pnginfo=info, exif=phone_exif())


def webp_with_metadata() -> bytes:
    return encode(quadrants(), "WEBP", exif=phone_exif(), xmp=XMP, quality=95)


def with_metadata() -> dict[str, bytes]:
    """Every accepted format, each carrying the metadata its photos carry."""
    return {"jpeg": phone_jpeg(), "png": png_with_metadata(), "webp": webp_with_metadata()}


def _solid(mode: str, colour: Any, size: tuple[int, int] = (40, 30)) -> Image.Image:
    return Image.new(mode, size, colour)


def odd_kinds() -> dict[str, tuple[bytes, str]]:
    """Legitimate images in every mode the accepted formats can hold, and the mode
    each must come out in (``RGBA`` only where something is see-through)."""
    half_transparent = _solid("RGBA", (200, 30, 30, 255))
    half_transparent.paste((0, 0, 0, 0), (0, 0, 20, 30))
    palette = _solid("P", 1)
    palette.putpalette([255, 255, 255, 200, 30, 30])
    palette.paste(0, (0, 0, 20, 30))  # the left half in colour 0, see-through below
    grey16 = Image.new("I;16", (64, 4))
    grey16.putdata([(x % 64) * 1024 for x in range(64 * 4)])
    return {
        "jpeg-grey": (encode(_solid("L", 128), "JPEG"), "L"),
        "jpeg-rgb": (encode(_solid("RGB", (200, 30, 30)), "JPEG"), "RGB"),
        "jpeg-cmyk": (encode(_solid("CMYK", (0, 255, 255, 0)), "JPEG"), "RGB"),
        "png-bilevel": (encode(_solid("1", 1), "PNG"), "L"),
        "png-grey": (encode(_solid("L", 128), "PNG"), "L"),
        "png-grey-alpha": (encode(_solid("LA", (128, 100)), "PNG"), "RGBA"),
        "png-16-bit-grey": (encode(grey16, "PNG"), "L"),
        "png-palette": (encode(palette, "PNG"), "RGB"),
        "png-palette-transparent": (encode(palette, "PNG", transparency=0), "RGBA"),
        "png-rgb": (encode(_solid("RGB", (200, 30, 30)), "PNG"), "RGB"),
        "png-rgba-opaque": (encode(_solid("RGBA", (200, 30, 30, 255)), "PNG"), "RGB"),
        "png-rgba-transparent": (encode(half_transparent, "PNG"), "RGBA"),
        "webp-rgb": (encode(_solid("RGB", (200, 30, 30)), "WEBP"), "RGB"),
        "webp-rgba": (encode(half_transparent, "WEBP", lossless=True), "RGBA"),
    }


def animated(format: str) -> bytes:
    """Three frames, red first: an animated PNG or WebP."""
    frames = [_solid("RGB", colour) for colour in (RED, GREEN, BLUE)]
    return encode(frames[0], format, save_all=True, append_images=frames[1:], duration=100, loop=0)


# ---------------------------------------------------------------- hostile


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A pixel flood: a header declaring ``width`` × ``height`` and almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def png_bomb(width: int, height: int) -> bytes:
    """A decompression bomb: a valid, complete grey PNG of ``width`` × ``height``
    black pixels, a few kilobytes on disk (compressed row by row, never held whole)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)  # filter byte and the pixels
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF) now declares ``width`` × ``height``."""
    data = bytearray(encode(_solid("RGB", RED, (16, 16)), "JPEG"))
    at = 2
    while data[at + 1] not in (0xC0, 0xC1, 0xC2):  # walk the markers up to the frame header
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def heic_header() -> bytes:
    """The start of an iPhone HEIC file: an ISO base media ``ftyp`` box."""
    return struct.pack(">I", 24) + b"ftypheic" + b"\0\0\0\0" + b"mif1heic" + b"\0" * 64


def zip_archive() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", b"<script>alert(1)</script>" + SECRET)
    return buffer.getvalue()


def html_page() -> bytes:
    return b"<!doctype html><html><body><script>alert(document.cookie)</script>" + SECRET + b"</body></html>"


def not_images() -> dict[str, bytes]:
    """Files named ``.jpg`` that are something else, including images of formats
    not accepted (GIF, BMP, TIFF, SVG: Pillow would parse the first three)."""
    return {
        "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        "html": html_page(),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "zip": zip_archive(),
        "text": "会议照片".encode(),
        "empty": b"",
        "zeros": b"\0" * 4096,
        "gif": encode(_solid("P", 1), "GIF"),
        "bmp": encode(_solid("RGB", RED), "BMP"),
        "tiff": encode(_solid("RGB", RED), "TIFF"),
        "ico": encode(_solid("RGB", RED, (32, 32)), "ICO"),
        "png-signature-only": PNG_SIGNATURE,
        "jpeg-markers-only": b"\xff\xd8\xff\xd9",
    }


def polyglots() -> dict[str, bytes]:
    """A valid image with something else appended: the payload must not survive."""
    photo = encode(quadrants(), "JPEG")
    picture = encode(quadrants(), "PNG")
    return {
        "jpeg+zip": photo + zip_archive(),
        "jpeg+html": photo + html_page(),
        "png+zip": picture + zip_archive(),
        "png+html": picture + html_page(),
    }


def truncated(data: bytes, keep: float) -> bytes:
    """The first ``keep`` (0…1) of ``data``: an upload cut short."""
    return data[: max(1, int(len(data) * keep))]


def noisy_photo(format: str) -> bytes:
    """A photo-like image (no long runs) so that a cut lands in the pixel data; the same
    pixels every run (Pillow's ``effect_noise`` draws from C's unseeded ``rand``)."""
    width, height = 128, 96
    return encode(Image.frombytes("RGB", (width, height), Random(0).randbytes(width * height * 3)), format)
