"""The accounts app's background job: the nightly purge of the kept records of patients who
deleted their account, once their clinic's retention has passed (decision 0017). It runs
daily at ``PIRI_PURGE_AT`` (``AccountsConfig.ready``); ``piri purge-deleted`` does the same
by hand. The job reads the clock itself: the edge of a job is where it runs."""

from __future__ import annotations

from django.utils import timezone

from piri.accounts.leaving import purge_deleted
from piri.jobs.policy import Retry, job


@job(retry=Retry(attempts=3, first_delay_s=300))
def purge_deleted_records() -> int:
    """Purge every left patient whose retention has passed; how many patients."""
    return purge_deleted(now=timezone.now()).patients
