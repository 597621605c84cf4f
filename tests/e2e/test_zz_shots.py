import subprocess
from typing import Any

from django.test import Client
from playwright.sync_api import Browser

from tests.consistency_world import build_first_day, build_world
from tests.e2e.conftest import sign_in


def test_shots(browser: Browser, app_url: str, browser_context_args: dict[str, Any]) -> None:
    for name, build in (("first", build_first_day), ("world", build_world)):
        world = build()
        for width, height in ((360, 740), (1280, 800)):
            context = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": height}})
            sign_in(context, world.patient, app_url)
            page = context.new_page()
            for path, slug in (("/", "home"), ("/history/", "history"), ("/plan/changes/", "changes"), ("/progress/", "progress")):
                page.goto(f"{app_url}{path}")
                page.screenshot(path=f"/tmp/shots/{name}-{slug}-{width}.png", full_page=True)
            context.close()
        client = Client()
        client.force_login(world.patient.user)
        pdf = b"".join(client.get("/report/pdf/"))
        open(f"/tmp/shots/{name}.pdf", "wb").write(pdf)
        subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-r", "70", f"/tmp/shots/{name}.pdf", f"/tmp/shots/{name}-pdf"], check=True)
        from django.contrib.auth import get_user_model
        get_user_model().objects.filter(username__in=["dana", "robin", "sam"]).delete() if False else None
        from piri.accounts.models import Clinic
        world.patient.user.delete() if False else None
        if name == "first":
            # a second world needs fresh usernames: rename the first one's people
            world.patient.user.username = "sam-old"; world.patient.user.save()
            world.clinician.username = "dana-old"; world.clinician.save()
