"""How long a signed PDF record takes: render (WeasyPrint), sign (pyHanko), total.

Renders and signs COUNT records (default 100) shaped like a declaration record,
then prints the median (and 95th percentile) of each step, wall-clock and CPU
time, and the ratio of signing to rendering. Needs no database: the records are built in memory. The
embedded signing certificate is generated in a scratch folder unless
PORTAL_VAR_DIR says where to find one.

    .venv/bin/python bench/records_bench.py [--count 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from benchsetup import configure_django  # noqa: E402

configure_django("records-bench-", quiet_tasks=False)

from django.utils import timezone  # noqa: E402

from records.models import Record  # noqa: E402
from records.pdfs import make_record_pdf  # noqa: E402
from records.signing import sign_pdf, signing_identity  # noqa: E402
from staff.models import User  # noqa: E402

WARM_UP = 3


def declaration_record(number: int) -> Record:
    """A record as a declaration would make it, not saved anywhere."""
    person = User(
        pk=number,
        full_name=f"Sam Example {number}",
        email=f"sam.example{number}@opcc.example.org",
        job_title="Communications officer",
    )
    evidence = {
        "person": {"name": person.full_name, "email": person.email, "job_title": person.job_title},
        "policy": {
            "title": "IT, communications and social media policy",
            "version": "4.2",
            "text_sha256": f"{number:064x}",
        },
        "statements": [
            "I have read the policy and understand what it asks of me.",
            "I will report a lost or stolen device to the IT service desk at once.",
            "I will not forward work email to a personal account.",
        ],
        "signed_at": dt.datetime(2026, 3, 4, 9, 3, 22, tzinfo=dt.UTC).isoformat(),
        "typed_name": person.full_name,
        "ip_address": "10.20.30.40",
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0",
        "authentication": "Password and authenticator app",
    }
    return Record(
        pk=number,
        reference=f"DEC-2026-{number:06d}",
        kind="declaration",
        year=2026,
        number=number,
        title="Annual policy declaration 2026",
        subject=person,
        evidence=evidence,
        created_at=timezone.now(),
    )


def milliseconds(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    count = parser.parse_args().count

    identity = signing_identity()  # key and certificate loaded once, as in a worker
    for i in range(WARM_UP):  # the first render loads fonts and WeasyPrint itself
        sign_pdf(make_record_pdf(declaration_record(i + 1)), identity=identity)

    wall = {"render": [], "sign": [], "total": []}
    cpu = {"render": [], "sign": [], "total": []}
    sizes = []
    for i in range(count):
        record = declaration_record(1000 + i)
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = make_record_pdf(record)
        rendered, rendered_cpu = time.perf_counter(), time.process_time()
        signed = sign_pdf(pdf, reason=f"Record {record.reference}", identity=identity)
        done, done_cpu = time.perf_counter(), time.process_time()
        for timings, (a, b, c) in (
            (wall, (start, rendered, done)),
            (cpu, (start_cpu, rendered_cpu, done_cpu)),
        ):
            timings["render"].append(b - a)
            timings["sign"].append(c - b)
            timings["total"].append(c - a)
        sizes.append(len(signed))

    print(f"{count} records, {statistics.median(sizes) / 1024:.0f} KiB each (median)")
    print(f"{'step':<8}{'median':>10}{'p95':>10}{'CPU median':>12}")
    for step in ("render", "sign", "total"):
        median, p95 = milliseconds(wall[step])
        cpu_median, _ = milliseconds(cpu[step])
        print(f"{step:<8}{median:>8.1f}ms{p95:>8.1f}ms{cpu_median:>10.1f}ms")
    ratio = statistics.median(wall["sign"]) / statistics.median(wall["render"])
    print(f"sign/render ratio (medians): {ratio:.2f}")
    print(f"load average while running: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
