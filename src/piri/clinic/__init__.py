"""The clinic's side of Piri: the triage dashboard, patient pages and the program editor for
clinicians, and "talk to a specialist" requests between patients and their clinic."""
