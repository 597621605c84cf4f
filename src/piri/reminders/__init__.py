"""Reminders that reach a person: the patient's schedule, the every-minute fan-out, the
email channel (push plugs into ``channels``), the private calendar feed and the one-tap stop.
See ``docs/decisions/0018-reminders.md``."""
