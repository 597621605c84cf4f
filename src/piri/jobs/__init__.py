"""Background jobs: work that must not hold a page (clinic emails, the nightly triage rebuild).

Jobs are Django Tasks (the ``django-tasks`` backport of Django 6's ``django.tasks``) stored in
the database by ``django-tasks-db``, so the embedded default needs no server beside Piri and
workers on other machines share one PostgreSQL database. On top of it this app adds what the
library leaves out (``docs/decisions/0013-background-jobs.md``):

- ``policy``: ``@job(retry=Retry(...))`` declares a task with its retries and back-off;
- ``worker``: claims a job (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive
  transaction on SQLite), runs it, retries it later or marks it failed; heartbeats, so that
  a job whose worker died is run again once its lease runs out;
- ``schedules``: daily jobs (the triage rebuild at 03:00) that fire once per day however
  many workers run.

``piri worker`` runs the loop; ``piri serve`` starts one beside the web server.
"""
