"""The triage dashboard's order of urgency and its time windows, each with its source.

A patient's row lists every open reason; the most urgent one (the highest ``rank``) places
the row. Ties go to the reason that has waited longest. The ranks only order the list: a
clinician reads every reason on the row. Explained for clinicians in ``docs/clinic.md``
("Triage dashboard"). The sources are the clinical spec (``spec.md`` §2-§4, the red-flag
tiers and review prompts) or **policy**: a product decision a deployment may change here.
The reasons themselves are worked out by ``piri.domain.triage_rank`` from these numbers.
"""

from __future__ import annotations

from typing import Final

from piri.domain.triage_rank import Code, Rank

# Most urgent first. Gaps of ten leave room for a clinic to slot a reason in between.
ORDER: Final[tuple[Rank, ...]] = (
    Rank(Code.FLAG_E, 80, "spec §2: tier E, emergency now; the program is locked"),
    Rank(Code.FLAG_U, 70, "spec §2: tier U, urgent care the same day; exercises paused"),
    Rank(
        Code.REQUEST_URGENT,
        60,
        "policy: a patient with an open U or D flag who asks a question may be getting "
        "worse; it is answered before a D flag that has no question with it",
    ),
    Rank(Code.FLAG_D, 50, "spec §2: tier D, see a doctor within days; the clinic is alerted"),
    Rank(
        Code.SPREADING,
        40,
        "spec §3: peripheralisation (spreading down the leg) stops the item; if it persists "
        "or comes with new numbness or weakness it needs a red-flag screen",
    ),
    Rank(
        Code.PROMPT,
        30,
        "spec §4: review prompts (6 and 12 weeks, two worse weekly check-ins, worsening "
        "trends); they ask for a review, not for care today",
    ),
    Rank(Code.REQUEST, 20, "policy: a question waits for an answer, without a flag"),
    Rank(
        Code.QUIET,
        10,
        "policy: no session for the clinic's number of days (Clinic.quiet_days); a nudge, "
        "not a safety signal",
    ),
)

RANKS: Final[dict[Code, int]] = {entry.code: entry.rank for entry in ORDER}

# Spreading (in-session checks and daily check-ins) counts for this many days back from
# today, and only after the last clinical review.
SPREADING_WINDOW_DAYS: Final = 14
SPREADING_WINDOW_SOURCE: Final = (
    "policy: two weeks holds two weekly full screenings and about eight sessions; an older "
    "spread that still matters has raised a prompt or a flag (spec §3, 'persists > 24 h')"
)
# A daily check-in is compared with the one before it; that one may be this far back.
CHECKIN_LOOKBACK_DAYS: Final = 7
