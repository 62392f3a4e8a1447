#!/usr/bin/env python3
"""Runs one benchmark command and appends one JSON line describing it.

    measure.py --label L --out RAW.jsonl [--meta k=v ...] [--pid name=PID ...] [--rss name]
               [--timeout SECONDS] [--log FILE] -- command args...

Records the wall time and exit code of the command, the CPU time it used (with its children), the
CPU time each named process used meanwhile (from /proc/PID/stat), the machine's busy CPU time, and,
for the process named by --rss, its resident memory (VmRSS) just before, at its highest while the
command ran (sampled every 50 ms) and after. A line "BENCH_JSON {...}" in the command's output (see
headers.lua) is merged in as "wrk". The command's output goes to --log. Exits with the command's
exit code (124 when the timeout killed it).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.05


def proc_cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def machine_cpu_seconds():
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return (sum(parts[:8]) - idle) / TICKS


def rss_kib(pid, key="VmRSS"):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--meta", action="append", default=[])
    ap.add_argument("--pid", action="append", default=[])
    ap.add_argument("--rss")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        sys.exit("measure.py: no command")

    pids = {}
    for p in a.pid:
        name, value = p.split("=", 1)
        pids[name] = int(value)
    meta = dict(m.split("=", 1) for m in a.meta)

    rss_pid = pids.get(a.rss) if a.rss else None
    peak = [None]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            v = rss_kib(rss_pid)
            if v is not None and (peak[0] is None or v > peak[0]):
                peak[0] = v
            stop.wait(SAMPLE_SECONDS)

    rss_before = rss_kib(rss_pid) if rss_pid else None
    cpu_before = {n: proc_cpu_seconds(p) for n, p in pids.items()}
    machine_before = machine_cpu_seconds()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = None
    if rss_pid:
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

    start = time.monotonic()
    with open(a.log, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        chunks = []

        def pump():
            for line in proc.stdout:
                chunks.append(line)
                log.write(line)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            rc = proc.wait(timeout=a.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = 124
        reader.join(timeout=10)
    wall = time.monotonic() - start

    if sampler:
        stop.set()
        sampler.join()
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_after = machine_cpu_seconds()
    cpu_after = {n: proc_cpu_seconds(p) for n, p in pids.items()}

    record = {"label": a.label, "rc": rc, "wall_s": round(wall, 3), "cmd": cmd[0]}
    record.update(meta)
    record["client_cpu_s"] = round((usage_after.ru_utime + usage_after.ru_stime)
                                   - (usage_before.ru_utime + usage_before.ru_stime), 2)
    record["cpu_s"] = {n: (round(cpu_after[n] - cpu_before[n], 2)
                           if cpu_after[n] is not None and cpu_before[n] is not None else None) for n in pids}
    record["machine_busy_cpu_s"] = round(machine_after - machine_before, 2)
    # CPU used meanwhile by everything else on the machine (other work competing for the 2 cores).
    record["other_cpu_s"] = round(max(0.0, record["machine_busy_cpu_s"] - record["client_cpu_s"]
                                      - sum(v for v in record["cpu_s"].values() if v)), 2)
    if rss_pid:
        record["rss_kib"] = {"before": rss_before, "peak": peak[0], "after": rss_kib(rss_pid),
                             "hwm_after": rss_kib(rss_pid, "VmHWM")}
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        if line.startswith("BENCH_JSON "):
            record["wrk"] = json.loads(line[len("BENCH_JSON "):])
    with open(a.out, "a") as f:
        f.write(json.dumps(record) + "\n")
    sys.exit(rc)


if __name__ == "__main__":
    main()
