#!/usr/bin/env python3
"""Waits until a process has gone quiet: its CPU use under THRESHOLD % of one core for two
consecutive seconds, or MAX seconds have passed. Run under measure.py right after a wrk run, it
measures how long Liberty keeps working once the load has stopped (the registry's notifications of
the pulls, queued while the run lasted, are still being delivered to Wharf and recorded).

    drain.py --pid PID [--threshold 10] [--max 300]
"""
import argparse
import time

from measure import proc_cpu_seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--threshold", type=float, default=10.0)
    ap.add_argument("--max", type=float, default=300.0)
    a = ap.parse_args()
    start = time.monotonic()
    quiet = 0
    while time.monotonic() - start < a.max and quiet < 2:
        c0, t0 = proc_cpu_seconds(a.pid) or 0.0, time.monotonic()
        time.sleep(1.0)
        c1, t1 = proc_cpu_seconds(a.pid) or 0.0, time.monotonic()
        quiet = quiet + 1 if 100.0 * (c1 - c0) / (t1 - t0) < a.threshold else 0
    print("busy for %.0f s after the load stopped" % max(0.0, time.monotonic() - start - 2))


if __name__ == "__main__":
    main()
