"""Test factories: plain functions with keyword-only overrides, writing through the real
services where there is one. One module for each kind of thing they build:

- ``people``: users, patients, staff (and a test client signed in as one of them);
- ``clinics``: clinics, care links, a clinic's patients, care teams, audit-log rows;
- ``program``: what a patient's program records: screenings, plans and sessions, check-ins,
  weekly measures, triage reasons, the program editor's form;
- ``requests``: "talk to a specialist" requests;
- ``domain``: pure-domain values for the unit tests (histories, prescriptions, settings),
  no database.
"""
