"""Clinic videos over HTTP: the admin's upload page (good uploads, each kind of refusal with
its message and nothing replaced), the files served with byte ranges, who may fetch them, and
the how-to page and player offering them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from piri.accounts.models import Clinic, User
from piri.accounts.models.clinics import Role
from piri.videos.models import ClinicVideo, video_storage
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff, signed_in
from tests.factories.videos import MEDIA, first_item, make_video, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def videos_in_tmp(settings: Any, tmp_path: Path) -> Path:
    """The videos storage in a folder of the test's own (STORAGES["videos"] is a setting)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "videos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "videos")},
        },
    }
    return tmp_path / "videos"


@pytest.fixture
def clinic() -> Clinic:
    return make_clinic(name="Riverside Physio")


@pytest.fixture
def admin(clinic: Clinic) -> User:
    return make_staff(clinic, role=Role.ADMIN, username="kit-admin")


def page_url(clinic: Clinic) -> str:
    return reverse("clinic-videos", args=[clinic.pk])


def post_upload(client: Client, clinic: Clinic, item: str, **files: Any) -> Any:
    body = {"item": item, f"{item}-language": files.pop("language", "en")}
    body |= {f"{item}-{name}": value for name, value in files.items() if value is not None}
    return client.post(page_url(clinic), body)


def good_files(**overrides: Any) -> dict[str, Any]:
    files = {
        "video": upload("pattern.webm"),
        "captions": upload("captions.vtt"),
        "poster": upload("poster.png"),
    }
    return files | overrides


# ------------------------------------------------------------------------------------ uploads


def test_the_page_lists_every_exercise_and_massage_option(clinic: Clinic, admin: User) -> None:
    from piri.videos.services import protocol_items

    response = signed_in(admin).get(page_url(clinic))
    assert response.status_code == 200
    text = response.content.decode()
    for item in protocol_items():
        assert f'id="video-{item.id}"' in text
    assert "No video: patients see the drawn figure only." in text


def test_an_admin_uploads_a_video_with_captions_and_poster(
    clinic: Clinic, admin: User, videos_in_tmp: Path
) -> None:
    client = signed_in(admin)
    item = first_item()
    response = post_upload(client, clinic, item, **good_files(), language="de")
    assert response.status_code == 302
    video = ClinicVideo.objects.get(clinic=clinic, item=item)
    assert video.content_type == "video/webm"
    assert video.duration_seconds == pytest.approx(4.0, abs=0.05)
    assert video.captions_language == "de"
    assert video.uploaded_by == admin
    assert (videos_in_tmp / video.video.name).read_bytes() == (MEDIA / "pattern.webm").read_bytes()
    page = client.get(page_url(clinic)).content.decode()
    assert "A video is attached (4 s, captions in de" in page


def test_an_mp4_uploads_too(clinic: Clinic, admin: User) -> None:
    item = first_item()
    response = post_upload(
        signed_in(admin), clinic, item, **good_files(video=upload("pattern.mp4"), poster=None)
    )
    assert response.status_code == 302
    assert ClinicVideo.objects.get(item=item).content_type == "video/mp4"


REFUSALS = [
    (
        "a picture named like a video",
        {"video": upload("poster.png", as_name="clip.mp4", content_type="video/mp4")},
        "not an MP4 or WebM file",
    ),
    (
        "captions that are not WebVTT",
        {"captions": upload("poster.png", as_name="c.vtt", content_type="text/vtt")},
        "not UTF-8",
    ),
    ("no captions", {"captions": None}, "This field is required"),
    (
        "a poster that is not a picture",
        {"poster": upload("captions.vtt", as_name="p.png", content_type="image/png")},
        "not a PNG, JPEG or WebP",
    ),
]


@pytest.mark.parametrize(("what", "files", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_bad_upload_is_refused_with_its_message_and_the_old_video_stays(
    clinic: Clinic, admin: User, what: str, files: dict[str, Any], message: str
) -> None:
    item = first_item()
    old = make_video(clinic, by=admin, item=item)
    response = post_upload(signed_in(admin), clinic, item, **good_files(**files))
    assert response.status_code == 400
    text = response.content.decode()
    assert "The upload was refused; nothing was changed." in text
    assert message in text
    kept = ClinicVideo.objects.get(clinic=clinic, item=item)
    assert (kept.video.name, kept.captions.name) == (old.video.name, old.captions.name)
    assert video_storage().exists(kept.video.name)


def test_a_video_over_the_size_limit_is_refused(clinic: Clinic, admin: User, settings: Any) -> None:
    settings.PIRI_VIDEO_MAX_MB = 0
    response = post_upload(signed_in(admin), clinic, first_item(), **good_files())
    assert response.status_code == 400
    assert "the largest this clinic takes is 0 MB" in response.content.decode()
    assert not ClinicVideo.objects.exists()


def test_a_video_over_the_length_limit_is_refused(
    clinic: Clinic, admin: User, settings: Any
) -> None:
    settings.PIRI_VIDEO_MAX_SECONDS = 3
    response = post_upload(signed_in(admin), clinic, first_item(), **good_files())
    assert response.status_code == 400
    assert "runs 4 seconds; the longest allowed is 3 seconds" in response.content.decode()
    assert not ClinicVideo.objects.exists()


def test_an_unknown_exercise_is_refused(clinic: Clinic, admin: User) -> None:
    response = post_upload(signed_in(admin), clinic, "no-such-stretch", **good_files())
    assert response.status_code == 400
    assert "no exercise or massage option called no-such-stretch" in response.content.decode()


def test_a_replacement_swaps_the_files_and_deletes_the_old_ones(
    clinic: Clinic, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    item = first_item()
    with django_capture_on_commit_callbacks(execute=True):
        old = make_video(clinic, by=admin, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(
            signed_in(admin), clinic, item, **good_files(video=upload("pattern.mp4"))
        )
    assert response.status_code == 302
    new = ClinicVideo.objects.get(clinic=clinic, item=item)
    assert new.pk == old.pk and new.content_type == "video/mp4"
    assert not video_storage().exists(old.video.name)
    assert video_storage().exists(new.video.name)


def test_remove_takes_the_video_away(
    clinic: Clinic, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    video = make_video(clinic, by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admin).post(
            reverse("clinic-video-remove", args=[clinic.pk, video.item])
        )
    assert response.status_code == 302
    assert not ClinicVideo.objects.exists()
    assert not video_storage().exists(video.video.name)


def test_only_admins_of_that_clinic_reach_the_page(clinic: Clinic, admin: User) -> None:
    other = make_clinic(name="Hillside Physio")
    assert signed_in(make_staff(other, role=Role.ADMIN)).get(page_url(clinic)).status_code == 404
    assert signed_in(make_staff(clinic)).get(page_url(clinic)).status_code == 404
    patient = link(make_patient(), clinic)
    assert signed_in(patient.user).get(page_url(clinic)).status_code == 404


# ------------------------------------------------------------------------ serving and access


@pytest.fixture
def video(clinic: Clinic, admin: User) -> ClinicVideo:
    return make_video(clinic, by=admin)


@pytest.fixture
def patient_client(clinic: Clinic) -> Client:
    return signed_in(link(make_patient(username="own-patient"), clinic).user)


def content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


CLIP = (MEDIA / "pattern.webm").read_bytes()


def test_no_range_gives_the_whole_file(video: ClinicVideo, patient_client: Client) -> None:
    response = patient_client.get(reverse("clinic-video-file", args=[video.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/webm"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Length"] == str(len(CLIP))
    assert content(response) == CLIP


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, len(CLIP) - 1),
        ("bytes=-500", len(CLIP) - 500, len(CLIP) - 1),
    ],
)
def test_a_range_gives_206_and_those_bytes(
    video: ClinicVideo, patient_client: Client, header: str, first: int, last: int
) -> None:
    response = patient_client.get(
        reverse("clinic-video-file", args=[video.pk]), headers={"Range": header}
    )
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(CLIP)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert content(response) == CLIP[first : last + 1]


def test_a_range_past_the_end_gives_416(video: ClinicVideo, patient_client: Client) -> None:
    response = patient_client.get(
        reverse("clinic-video-file", args=[video.pk]), headers={"Range": f"bytes={len(CLIP)}-"}
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CLIP)}"


def test_captions_and_poster_are_served(video: ClinicVideo, patient_client: Client) -> None:
    captions = patient_client.get(reverse("clinic-video-captions", args=[video.pk]))
    assert captions["Content-Type"].startswith("text/vtt")
    assert content(captions) == (MEDIA / "captions.vtt").read_bytes()
    poster = patient_client.get(reverse("clinic-video-poster", args=[video.pk]))
    assert poster["Content-Type"] == "image/png"
    assert content(poster) == (MEDIA / "poster.png").read_bytes()


def test_other_clinics_people_get_404_and_signed_out_people_the_sign_in_page(
    video: ClinicVideo, clinic: Clinic
) -> None:
    url = reverse("clinic-video-file", args=[video.pk])
    other = make_clinic(name="Hillside Physio")
    assert signed_in(link(make_patient(), other).user).get(url).status_code == 404
    assert signed_in(make_staff(other)).get(url).status_code == 404
    assert signed_in(make_patient().user).get(url).status_code == 404  # in no clinic
    assert signed_in(make_staff(clinic)).get(url).status_code == 200  # own clinic's clinician
    signed_out = Client().get(url)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("login"))


def test_a_patient_who_left_the_clinic_can_no_longer_fetch_it(
    video: ClinicVideo, clinic: Clinic
) -> None:
    from django.utils import timezone

    from piri.accounts.invites import leave_clinic

    patient = link(make_patient(), clinic)
    client = signed_in(patient.user)
    url = reverse("clinic-video-file", args=[video.pk])
    assert client.get(url).status_code == 200
    leave_clinic(patient, clinic, now=timezone.now())
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------- the how-to page, the player


def test_the_how_to_page_shows_the_video_beside_the_figure(
    video: ClinicVideo, patient_client: Client
) -> None:
    text = patient_client.get(reverse("learn-item", args=[video.item])).content.decode()
    assert '<video controls preload="metadata"' in text
    assert f'src="{reverse("clinic-video-file", args=[video.pk])}" type="video/webm"' in text
    assert f'poster="{reverse("clinic-video-poster", args=[video.pk])}"' in text
    assert 'kind="captions"' in text and 'srclang="en"' in text and " default>" in text
    assert 'id="howto-figure"' in text


def test_a_patient_of_another_clinic_sees_only_the_figure(video: ClinicVideo) -> None:
    other = link(make_patient(), make_clinic(name="Hillside Physio"))
    text = signed_in(other.user).get(reverse("learn-item", args=[video.item])).content.decode()
    assert "<video" not in text
    assert 'id="howto-figure"' in text


def test_the_session_page_tells_the_player_which_items_have_a_video(
    video: ClinicVideo, patient_client: Client
) -> None:
    text = patient_client.get(reverse("session")).content.decode()
    assert f'data-video-items="{video.item}"' in text
    assert "Watch the clinic’s video" in text


def test_the_service_worker_passes_videos_through(patient_client: Client) -> None:
    body = patient_client.get(reverse("service-worker")).content.decode()
    assert 'const MEDIA_URL = "/videos/";' in body
    assert "if (url.pathname.startsWith(MEDIA_URL)) return;" in body


def test_the_admins_dashboard_links_to_the_videos_page(clinic: Clinic, admin: User) -> None:
    link(make_patient(), clinic)
    text = signed_in(admin).get(reverse("clinic-dashboard")).content.decode()
    assert f'href="{page_url(clinic)}"' in text
    clinician = signed_in(make_staff(clinic)).get(reverse("clinic-dashboard")).content.decode()
    assert page_url(clinic) not in clinician


def test_a_head_request_says_the_size_and_sends_no_body(
    video: ClinicVideo, patient_client: Client
) -> None:
    response = patient_client.head(reverse("clinic-video-file", args=[video.pk]))
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(CLIP))
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""


def test_a_video_whose_file_is_gone_is_not_found(
    video: ClinicVideo, patient_client: Client
) -> None:
    video_storage().delete(video.video.name)
    assert patient_client.get(reverse("clinic-video-file", args=[video.pk])).status_code == 404


@pytest.mark.parametrize("header", [None, "bytes=100-199"])
def test_a_client_that_accepts_gzip_still_gets_the_bytes_as_stored(
    video: ClinicVideo, patient_client: Client, header: str | None
) -> None:
    """Compressing a range would break its byte counts (and a video does not shrink)."""
    headers = {"Accept-Encoding": "gzip, deflate"} | ({"Range": header} if header else {})
    response = patient_client.get(reverse("clinic-video-file", args=[video.pk]), headers=headers)
    assert not response.has_header("Content-Encoding")
    expected = CLIP[100:200] if header else CLIP
    assert content(response) == expected
    assert response["Content-Length"] == str(len(expected))
