"""A clinic video in a real browser: the clinic admin uploads one through the videos page; a
patient of the clinic opens the exercise's how-to page, and the video plays, seeks (byte
ranges) and shows its captions. A refused upload says why on the page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from piri.accounts.models import Clinic, User
from piri.accounts.models.clinics import Role
from piri.videos.models import ClinicVideo
from piri.videos.services import protocol_items
from tests.e2e.browser_helpers import signed_in_context
from tests.e2e.player_helpers import open_player, reload_player, skip_until, start
from tests.factories.clinics import link, make_clinic
from tests.factories.people import make_patient, make_staff
from tests.factories.videos import MEDIA, make_video

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "en-GB"}
# The screenshots in docs/img are taken again with VIDEO_SHOTS=docs/img; otherwise they go to a
# scratch folder, so a test run never changes the files a clone checked out.
SHOTS = Path(os.environ.get("VIDEO_SHOTS") or tempfile.mkdtemp(prefix="piri-video-shots-"))


@pytest.fixture(autouse=True)
def videos_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "videos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "videos")},
        },
    }


@pytest.fixture
def clinic(transactional_db: None) -> Clinic:
    return make_clinic(name="Riverside Physio")


@pytest.fixture
def admin(clinic: Clinic) -> User:
    return make_staff(clinic, role=Role.ADMIN, username="kit", first_name="Kit")


def upload_through_the_page(browser: Browser, app_url: str, clinic: Clinic, admin: User) -> str:
    item = protocol_items()[0]
    context = signed_in_context(browser, admin, app_url, **DESKTOP)
    page = context.new_page()
    page.goto(f"{app_url}/videos/clinic/{clinic.pk}/")
    row = page.locator(f"#video-{item.id}")
    row.get_by_label("Video (MP4 or WebM)").set_input_files(MEDIA / "pattern.webm")
    row.get_by_label("Captions (WebVTT, required)").set_input_files(MEDIA / "captions.vtt")
    row.get_by_label("Poster picture").set_input_files(MEDIA / "poster.png")
    row.get_by_role("button", name=f"Upload the video of {item.name}").click()
    expect(page.get_by_text("The video is attached.")).to_be_visible()
    expect(page.locator(f"#video-{item.id} .video-state")).to_contain_text("A video is attached")
    context.close()
    return item.id


def play_seek_and_caption(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """async () => {
          const video = document.querySelector('#clinic-video video');
          const once = (name) =>
            new Promise((ok) => video.addEventListener(name, ok, { once: true }));
          const out = {};
          video.muted = true;
          const playing = once('playing');
          await video.play();
          await playing;
          out.playing = true;
          const t0 = video.currentTime;
          await new Promise((ok) => setTimeout(ok, 700));
          out.advanced = video.currentTime > t0;
          video.pause();
          const seeked = once('seeked');
          video.currentTime = 2.0;
          await seeked;
          out.seekedTo = video.currentTime;
          const track = video.textTracks[0];
          track.mode = 'showing';
          for (let i = 0; i < 50 && !(track.cues && track.cues.length); i++) {
            await new Promise((ok) => setTimeout(ok, 100));
          }
          out.cues = track.cues ? track.cues.length : 0;
          out.language = track.language;
          return out;
        }"""
    )


def test_an_uploaded_video_plays_seeks_and_shows_captions(
    browser: Browser, app_url: str, clinic: Clinic, admin: User
) -> None:
    item = upload_through_the_page(browser, app_url, clinic, admin)
    patient = link(make_patient(username="sam"), clinic)
    context = signed_in_context(browser, patient.user, app_url, **PHONE)
    page = context.new_page()
    ranges: list[str] = []
    page.on(
        "response",
        lambda r: (
            ranges.append(f"{r.status} {r.headers.get('content-range', '')}")
            if "/videos/" in r.url and r.url.endswith("/video")
            else None
        ),
    )
    page.goto(f"{app_url}/learn/{item}/")
    expect(page.locator("#clinic-video video")).to_be_visible()
    result = play_seek_and_caption(page)
    assert result["playing"] and result["advanced"], result
    assert result["seekedTo"] == pytest.approx(2.0, abs=0.2)
    assert result["cues"] == 2 and result["language"] == "en"
    assert any(r.startswith("206 bytes ") for r in ranges), ranges
    page.evaluate("document.querySelector('#clinic-video video').currentTime = 1.0")
    page.screenshot(path=str(SHOTS / "howto-video-phone.png"), full_page=False)
    context.close()
    desktop = signed_in_context(browser, patient.user, app_url, **DESKTOP)
    page = desktop.new_page()
    page.goto(f"{app_url}/learn/{item}/")
    expect(page.locator("#clinic-video video")).to_be_visible()
    page.wait_for_function(
        "document.querySelector('#clinic-video video').readyState >= 1", timeout=5000
    )
    page.screenshot(path=str(SHOTS / "howto-video.png"), full_page=False)
    desktop.close()


def test_a_refused_upload_says_why_on_the_page(
    browser: Browser, app_url: str, clinic: Clinic, admin: User
) -> None:
    item = protocol_items()[0]
    context = signed_in_context(browser, admin, app_url, **DESKTOP)
    page = context.new_page()
    page.goto(f"{app_url}/videos/clinic/{clinic.pk}/")
    row = page.locator(f"#video-{item.id}")
    row.get_by_label("Video (MP4 or WebM)").set_input_files(MEDIA / "poster.png")
    row.get_by_label("Captions (WebVTT, required)").set_input_files(MEDIA / "captions.vtt")
    row.get_by_role("button", name=f"Upload the video of {item.name}").click()
    expect(page.locator("#upload-refused")).to_contain_text("not an MP4 or WebM file")
    expect(page.locator(f"#video-{item.id} .error")).to_contain_text("not an MP4 or WebM file")
    assert not ClinicVideo.objects.exists()
    page.set_viewport_size(PHONE["viewport"])
    page.screenshot(path=str(SHOTS / "clinic-videos-refused.png"))
    context.close()


def test_the_players_setup_step_offers_the_clinics_video(
    browser: Browser, app_url: str, clinic: Clinic, admin: User, browser_context_args: Any
) -> None:
    patient = link(make_patient(username="sam"), clinic)
    context = signed_in_context(browser, patient.user, app_url, **browser_context_args)
    page = context.new_page()
    plan = open_player(page, app_url)
    setups = [s for s in plan["steps"] if s["kind"] == "instruction" and s.get("item")]
    filmed, other = setups[0], next(s for s in setups if s["item"] != setups[0]["item"])
    make_video(clinic, by=admin, item=filmed["item"])
    reload_player(page)
    start(page)
    skip_until(page, plan, filmed["id"])
    watch = page.get_by_role("link", name="Watch the clinic’s video")
    expect(watch).to_be_visible()
    expect(watch).to_have_attribute("href", f"/learn/{filmed['item']}/#clinic-video")
    with page.expect_popup() as opened:
        watch.click()
    howto = opened.value
    howto.wait_for_load_state()
    expect(howto.locator("#clinic-video video")).to_be_visible()
    expect(page.locator("#paused-flag")).to_be_visible()  # the session waits
    skip_until(page, plan, other["id"])
    expect(page.get_by_role("link", name="How to do it")).to_be_visible()
    expect(watch).to_be_hidden()  # no video of this one
    context.close()
