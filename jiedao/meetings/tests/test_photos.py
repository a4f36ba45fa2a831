"""Meeting photos: uploaded through the one image door (no GPS position kept,
upright, random names), refused with a message when hostile, and shown only
through ``meetings:photo``, which checks the meeting's access (streamed here, or
handed to nginx with ``X-Accel-Redirect`` in production)."""

from io import BytesIO, StringIO
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from pytest_django import Settings

from jiedao.activities.models import Registration
from jiedao.meetings import services
from jiedao.meetings.models import MeetingPhoto
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.testing import World
from tests.hostile.images import (
    SECRET,
    encode,
    heic_header,
    jpeg_claiming,
    not_images,
    phone_jpeg,
    quadrants,
    truncated,
)


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


@pytest.fixture
def photo(mw: MeetingWorld) -> MeetingPhoto:
    upload = SimpleUploadedFile("IMG_0001.jpg", phone_jpeg(orientation=6), "image/jpeg")
    return services.photo_add(actor=mw.actor, meeting=mw.meeting, image=upload, caption="胡军为畅心屋揭牌")


def stored(photo: MeetingPhoto) -> bytes:
    with photo.image.open("rb") as handle:
        content: bytes = handle.read()
    return content


def test_an_uploaded_photo_is_stored_upright_without_its_gps_position(
    client: Client, world: World, mw: MeetingWorld
) -> None:
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("IMG_0001.jpg", phone_jpeg(orientation=6), "image/jpeg")
    response = client.post(reverse("meetings:photo_add", args=[mw.meeting.pk]), {"caption": "合影", "image": upload})
    assert response.status_code == 302
    photo = mw.meeting.photos.get()
    content = stored(photo)
    picture = Image.open(BytesIO(content))
    assert SECRET not in content and not picture.getexif() and "xmp" not in picture.info
    assert picture.size == (48, 96)  # stored sideways at 96 x 48, orientation 6: turned upright
    assert photo.image.name.startswith("meetings/") and "IMG_0001" not in photo.image.name


def test_the_meeting_page_and_minutes_show_the_photo_through_the_checked_view(
    client: Client, world: World, mw: MeetingWorld, photo: MeetingPhoto
) -> None:
    client.force_login(world.users["jiachun"])  # invited, reads the meeting
    url = reverse("meetings:photo", args=[photo.pk])
    for page in ("meetings:detail", "meetings:minutes"):
        html = client.get(reverse(page, args=[mw.meeting.pk])).content.decode()
        assert f'src="{url}"' in html and photo.image.name not in html
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == stored(photo)  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_the_photo_goes_with_the_meeting_invitation(
    client: Client, world: World, mw: MeetingWorld, photo: MeetingPhoto
) -> None:
    url = reverse("meetings:photo", args=[photo.pk])
    client.force_login(world.users["jiachun"])
    assert client.get(url).status_code == 200
    Registration.objects.filter(activity=mw.meeting.activity, unit=world.jiachun).update(status="cancelled")
    assert client.get(url).status_code == 404
    for persona in ("xiuyuan", "other_admin"):  # not invited; another sub-district
        client.force_login(world.users[persona])
        assert client.get(url).status_code == 404


def test_in_production_nginx_sends_the_file(
    client: Client, world: World, photo: MeetingPhoto, settings: Settings
) -> None:
    settings.JIEDAO_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    client.force_login(world.users["admin"])
    response = client.get(reverse("meetings:photo", args=[photo.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    client.force_login(world.users["other_admin"])
    refused = client.get(reverse("meetings:photo", args=[photo.pk]))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


@pytest.mark.parametrize("accel", ["", "/protected-media/"])
def test_an_older_photo_under_any_name_is_served_with_its_own_type(
    client: Client, world: World, mw: MeetingWorld, settings: Settings, accel: str
) -> None:
    settings.JIEDAO_MEDIA_ACCEL_REDIRECT = accel
    name = default_storage.save("meetings/2020/09/会议 合影#1.png", ContentFile(encode(quadrants(), "PNG")))
    photo = MeetingPhoto.objects.create(subdistrict=world.liangcheng, meeting=mw.meeting, image=name, caption="旧照片")
    client.force_login(world.users["admin"])
    response = client.get(reverse("meetings:photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    if accel:
        # nginx decodes the URI: spaces, # and non-ASCII characters are escaped.
        assert response["X-Accel-Redirect"] == f"/protected-media/{quote(name)}"
        assert response["X-Accel-Redirect"].startswith("/protected-media/meetings/2020/09/%E4%BC%9A%E8%AE%AE%20")
        assert "#" not in response["X-Accel-Redirect"]


@pytest.mark.parametrize("accel", ["", "/protected-media/"])
def test_a_name_outside_the_media_folder_is_never_served(
    client: Client, world: World, mw: MeetingWorld, settings: Settings, accel: str
) -> None:
    settings.JIEDAO_MEDIA_ACCEL_REDIRECT = accel
    photo = MeetingPhoto.objects.create(
        subdistrict=world.liangcheng, meeting=mw.meeting, image="../../config/settings.py", caption="x"
    )
    client.force_login(world.users["admin"])
    response = client.get(reverse("meetings:photo", args=[photo.pk]))
    assert response.status_code == 400 and "X-Accel-Redirect" not in response


def test_a_photo_whose_file_is_gone_is_not_found(client: Client, world: World, mw: MeetingWorld) -> None:
    photo = MeetingPhoto.objects.create(
        subdistrict=world.liangcheng, meeting=mw.meeting, image="meetings/2020/09/gone.jpg", caption="x"
    )
    client.force_login(world.users["admin"])
    assert client.get(reverse("meetings:photo", args=[photo.pk])).status_code == 404


def test_no_url_serves_the_media_folder_itself(client: Client, world: World, photo: MeetingPhoto) -> None:
    client.force_login(world.users["admin"])
    assert client.get(f"/media/{photo.image.name}").status_code == 404
    assert client.get(photo.image.url).status_code == 404


HOSTILE = {
    "pdf": (not_images()["pdf"], "不是可以识别的图片"),
    "html": (not_images()["html"], "不是可以识别的图片"),
    "heic": (heic_header(), "不支持HEIC"),
    "flood": (jpeg_claiming(65535, 65535), "照片像素过多"),
    "truncated": (truncated(phone_jpeg(), 0.6), "照片文件已损坏或不完整"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_upload_is_refused_on_the_page_with_its_message(
    client: Client, world: World, mw: MeetingWorld, kind: str
) -> None:
    data, message = HOSTILE[kind]
    client.force_login(world.users["admin"])
    url = reverse("meetings:photo_add", args=[mw.meeting.pk])
    upload = SimpleUploadedFile("photo.jpg", data, "image/jpeg")
    response = client.post(url, {"caption": "合影", "image": upload}, follow=True)
    assert response.status_code == 200
    assert f"照片：{message}" in response.content.decode()
    assert not mw.meeting.photos.exists()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_service_refuses_the_same_files_for_every_caller(mw: MeetingWorld, kind: str) -> None:
    data, message = HOSTILE[kind]
    with pytest.raises(ValidationError) as caught:
        services.photo_add(actor=mw.actor, meeting=mw.meeting, image=ContentFile(data, name="x.jpg"), caption="合影")
    assert message in caught.value.message_dict["image"][0]
    assert not mw.meeting.photos.exists()


def test_the_upload_field_asks_phones_for_a_jpeg(client: Client, world: World, mw: MeetingWorld) -> None:
    client.force_login(world.users["admin"])
    html = client.get(reverse("meetings:detail", args=[mw.meeting.pk])).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_photos_stored_before_uploads_were_cleaned_are_re_encoded_once(
    mw: MeetingWorld, photo: MeetingPhoto, django_capture_on_commit_callbacks: Any
) -> None:
    old_name = default_storage.save("meetings/2020/09/IMG_0002.jpg", ContentFile(phone_jpeg(orientation=6)))
    old = MeetingPhoto.objects.create(
        subdistrict=mw.meeting.subdistrict, meeting=mw.meeting, image=old_name, caption="旧"
    )
    broken_name = default_storage.save("meetings/2020/09/broken.jpg", ContentFile(b"not a picture"))
    broken = MeetingPhoto.objects.create(
        subdistrict=mw.meeting.subdistrict, meeting=mw.meeting, image=broken_name, caption="坏"
    )
    out, err = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_meeting_photos", stdout=out, stderr=err)
    assert "re-encoded 1, already clean 1" in out.getvalue()
    assert f"photo {broken.pk}" in err.getvalue()
    old.refresh_from_db()
    content = stored(old)
    assert SECRET not in content and not Image.open(BytesIO(content)).getexif()
    assert not default_storage.exists(old_name)  # the file with the GPS position is gone
    broken.refresh_from_db()
    assert broken.image.name == broken_name  # left as it was, reported
    again = StringIO()
    call_command("clean_meeting_photos", stdout=again, stderr=StringIO())
    assert "re-encoded 0, already clean 2" in again.getvalue()
