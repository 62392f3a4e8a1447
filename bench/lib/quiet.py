#!/usr/bin/env python3
"""Waits, for a bounded time, until the machine is quiet apart from the benchmarked processes.

    quiet.py --max-wait SECONDS [--threshold PERCENT_OF_ONE_CORE] [--pid PID ...]

Samples the machine's busy CPU over 2 s, less what the given processes (the stack under test)
used, and returns as soon as that other load is under the threshold (default 30 % of one core), or
when max-wait has passed. Prints the last other load and how long it waited. Always exits 0: a busy
machine is reported with the figures (see measure.py's other_cpu_s), not treated as a failure.
"""
import argparse
import time

from measure import machine_cpu_seconds, proc_cpu_seconds


def other_load(pids, seconds=2.0):
    m0 = machine_cpu_seconds()
    p0 = [proc_cpu_seconds(p) or 0 for p in pids]
    t0 = time.monotonic()
    time.sleep(seconds)
    m1 = machine_cpu_seconds()
    p1 = [proc_cpu_seconds(p) or 0 for p in pids]
    wall = time.monotonic() - t0
    return 100.0 * ((m1 - m0) - sum(b - a for a, b in zip(p0, p1))) / wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-wait", type=float, required=True)
    ap.add_argument("--threshold", type=float, default=30.0)
    ap.add_argument("--pid", type=int, action="append", default=[])
    a = ap.parse_args()
    start = time.monotonic()
    load = other_load(a.pid)
    while load > a.threshold and time.monotonic() - start < a.max_wait:
        time.sleep(3)
        load = other_load(a.pid)
    print("%.0f%% %.0f" % (load, time.monotonic() - start))


if __name__ == "__main__":
    main()
