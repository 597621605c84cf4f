"""Run every benchmark and print the figures as ratios to a baseline measured in the same run."""

from __future__ import annotations

import argparse

from bench import compile_plan, dashboard, http, jobs, layers, mixed, page_weight, pages, reminders


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--seconds", type=int, default=5, help="duration of each HTTP load run")
    parser.add_argument(
        "--only",
        choices=[
            "compile",
            "http",
            "weight",
            "pages",
            "dashboard",
            "jobs",
            "layers",
            "mixed",
            "reminders",
        ],
        default=None,
    )
    parser.add_argument(
        "--patients", type=int, default=dashboard.PATIENTS, help="patients for the dashboard"
    )
    parser.add_argument("--rounds", type=int, default=1, help="HTTP runs, each endpoint in turn")
    parser.add_argument("--mixed-seconds", type=float, default=60, help="mixed load duration")
    parser.add_argument("--think", type=float, default=5.0, help="mixed: mean pause, seconds")
    parser.add_argument("--mixed-patients", type=int, default=200, help="mixed: patients")
    parser.add_argument("--threads", type=int, default=None, help="granian threads per worker")
    args = parser.parse_args()
    if args.only in (None, "compile"):
        compile_plan.run()
    if args.only == "dashboard":
        dashboard.run(patients=args.patients)  # sets Django up in this process: on its own
        return
    if args.only == "jobs":
        jobs.run()  # sets Django up in this process: on its own
        return
    if args.only == "mixed":
        mixed.run(seconds=args.mixed_seconds, think_s=args.think, patients=args.mixed_patients)
        return
    if args.only == "layers":
        layers.run()  # sets Django up in this process: on its own
        return
    if args.only == "reminders":
        reminders.run()  # sets Django up in this process: on its own
        return
    if args.only == "pages":
        pages.run()  # sets Django up in this process: run on its own (as make bench does)
        return
    if args.only in (None, "http", "weight"):
        with http.running_server(threads=args.threads) as server:
            if args.only in (None, "http"):
                http.run(server, seconds=args.seconds, rounds=args.rounds)
            if args.only in (None, "weight"):
                page_weight.run(server)


if __name__ == "__main__":
    main()
