#!/usr/bin/env python3
"""Turns the raw lines measure.py wrote into the summary table (Markdown) and a JSON file.

    report.py RAW.jsonl OUT.md OUT.json   (context from BENCH_CTX_* environment variables)
prints the Markdown to stdout too.
"""
import json
import os
import statistics
import sys

MIB = 1024 * 1024
TRANSFER_RATIO_MAX = 1.10
RSS_RISE_MAX_MIB = 256
RSS_SIZE_TOLERANCE_MIB = 64
MANIFEST_RPS_RATIO_MIN = 0.5
MANIFEST_P99_RATIO_MAX = 2.0
TOKEN_RPS_MIN = 1000


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def fmt_s(v):
    return "—" if v is None else "%.2f s" % v


def verdict(ok, valid=True):
    if not valid:
        return "ERROR"
    return "PASS" if ok else "MISS"


def cpu_pct(rec, name):
    v = rec.get("cpu_s", {}).get(name)
    return None if v is None or not rec["wall_s"] else 100.0 * v / rec["wall_s"]


def pretty(size):
    return (size or "").replace("GiB", " GiB").replace("MiB", " MiB")


def main():
    raw_path, md_path, json_path = sys.argv[1:4]
    recs = load(raw_path)
    ctx = {k[len("BENCH_CTX_"):].lower(): v for k, v in os.environ.items() if k.startswith("BENCH_CTX_")}
    sizes, size_bytes_of = [], {}
    for r in recs:
        if r.get("kind") == "transfer" and r["size"] not in sizes:
            sizes.append(r["size"])
            size_bytes_of[r["size"]] = int(r["bytes"])
    sizes.sort(key=lambda s: -size_bytes_of[s])
    big_label = sizes[0] if sizes else None
    small_label = sizes[-1] if len(sizes) > 1 else None

    def transfers(size, op, path):
        return [r for r in recs if r.get("kind") == "transfer" and r.get("size") == size
                and r.get("op") == op and r.get("path") == path]

    def wrk(target, path):
        rs = [r for r in recs if r.get("kind") == "wrk" and r.get("target") == target and r.get("path") == path]
        return rs[-1] if rs else None

    rows, summary = [], []
    detail = []
    for size in sizes:
        size_bytes = size_bytes_of[size]
        for op in ("push", "pull"):
            w, d = transfers(size, op, "wharf"), transfers(size, op, "direct")
            if not w or not d:
                continue
            valid = all(r["rc"] == 0 for r in w + d)
            wm = statistics.median(r["wall_s"] for r in w)
            dm = statistics.median(r["wall_s"] for r in d)
            ratio = wm / dm
            is_target = size == big_label
            rows.append([
                "%s %s (median of %d)" % (op.capitalize(), pretty(size), len(w)),
                "%.2f s (%.0f MiB/s)" % (wm, size_bytes / MIB / wm),
                "%.2f s (%.0f MiB/s)" % (dm, size_bytes / MIB / dm),
                "%.2f× time" % ratio,
                "≤ %.2f×" % TRANSFER_RATIO_MAX if is_target else "(info)",
                verdict(ratio <= TRANSFER_RATIO_MAX, valid) if is_target else ("ERROR" if not valid else "—"),
            ])
            summary.append({"name": "%s_%s" % (op, size), "wharf_median_s": wm, "direct_median_s": dm,
                            "ratio": ratio, "target": "<= %.2f" % TRANSFER_RATIO_MAX if is_target else None,
                            "pass": (ratio <= TRANSFER_RATIO_MAX and valid) if is_target else None, "valid": valid})
            for r in sorted(w + d, key=lambda r: (r["path"], int(r["rep"]))):
                rss = r.get("rss_kib") or {}
                detail.append([
                    "%s %s" % (op, size), r["path"], r["rep"], "%.2f" % r["wall_s"],
                    "%.0f" % (size_bytes / MIB / r["wall_s"]),
                    "%.1f" % r["client_cpu_s"],
                    "%.1f" % (r["cpu_s"].get("liberty") or 0), "%.1f" % (r["cpu_s"].get("registry") or 0),
                    "%.1f" % r.get("other_cpu_s", 0),
                    "%d → %d (+%d)" % (rss["before"] // 1024, rss["peak"] // 1024, (rss["peak"] - rss["before"]) // 1024)
                    if rss.get("before") and rss.get("peak") else "—",
                    "ok" if r["rc"] == 0 else "rc=%d" % r["rc"],
                ])

    def rss_rises(size):
        out = []
        for r in recs:
            if r.get("kind") == "transfer" and r.get("size") == size and r.get("path") == "wharf":
                rss = r.get("rss_kib") or {}
                if rss.get("before") and rss.get("peak"):
                    out.append((rss["peak"] - rss["before"]) / 1024)
        return out

    def rss_cumulative(size):
        rs = [r for r in recs if r.get("kind") == "transfer" and r.get("size") == size and r.get("path") == "wharf"
              and (r.get("rss_kib") or {}).get("peak")]
        if not rs:
            return None
        return (max(r["rss_kib"]["peak"] for r in rs) - rs[0]["rss_kib"]["before"]) / 1024

    big = rss_rises(big_label) if big_label else []
    small = rss_rises(small_label) if small_label else []

    if big:
        mx = max(big)
        rows.append(["Liberty RSS rise while %s streams (max of %d transfers)" % (pretty(big_label), len(big)),
                     "+%.0f MiB" % mx, "—", "—", "< %d MiB" % RSS_RISE_MAX_MIB, verdict(mx < RSS_RISE_MAX_MIB)])
        summary.append({"name": "rss_rise_%s_mib" % big_label, "value": mx, "all": big,
                        "cumulative": rss_cumulative(big_label),
                        "target": "< %d" % RSS_RISE_MAX_MIB, "pass": mx < RSS_RISE_MAX_MIB})
    if big and small:
        diff = max(big) - max(small)
        rows.append(["Liberty RSS rise, %s vs %s blob (max of each)" % (pretty(big_label), pretty(small_label)),
                     "+%.0f vs +%.0f MiB" % (max(big), max(small)), "—", "%+.0f MiB" % diff,
                     "no growth with size (≤ %d MiB more)" % RSS_SIZE_TOLERANCE_MIB,
                     verdict(diff <= RSS_SIZE_TOLERANCE_MIB)])
        summary.append({"name": "rss_growth_with_size_mib", "value": diff, "all_small": small,
                        "cumulative_small": rss_cumulative(small_label),
                        "target": "<= %d" % RSS_SIZE_TOLERANCE_MIB, "pass": diff <= RSS_SIZE_TOLERANCE_MIB})

    mw, md = wrk("manifest", "wharf"), wrk("manifest", "direct")
    wrk_rows = []
    if mw and md and "wrk" in mw and "wrk" in md:
        valid = all(r["rc"] == 0 and r["wrk"]["non2xx"] == 0 and r["wrk"]["requests"] > 0 for r in (mw, md))
        rr = mw["wrk"]["rps"] / md["wrk"]["rps"]
        pr = mw["wrk"]["p99_ms"] / md["wrk"]["p99_ms"]
        rows.append(["Manifest GET, 16 connections: requests/s", "%.0f/s" % mw["wrk"]["rps"],
                     "%.0f/s" % md["wrk"]["rps"], "%.2f×" % rr, "≥ %.1f×" % MANIFEST_RPS_RATIO_MIN,
                     verdict(rr >= MANIFEST_RPS_RATIO_MIN, valid)])
        rows.append(["Manifest GET, 16 connections: p99 latency", "%.1f ms" % mw["wrk"]["p99_ms"],
                     "%.1f ms" % md["wrk"]["p99_ms"], "%.2f×" % pr, "≤ %.1f×" % MANIFEST_P99_RATIO_MAX,
                     verdict(pr <= MANIFEST_P99_RATIO_MAX, valid)])
        summary.append({"name": "manifest_rps", "wharf": mw["wrk"]["rps"], "direct": md["wrk"]["rps"], "ratio": rr,
                        "target": ">= %.1f" % MANIFEST_RPS_RATIO_MIN, "pass": valid and rr >= MANIFEST_RPS_RATIO_MIN})
        summary.append({"name": "manifest_p99_ms", "wharf": mw["wrk"]["p99_ms"], "direct": md["wrk"]["p99_ms"],
                        "ratio": pr, "target": "<= %.1f" % MANIFEST_P99_RATIO_MAX,
                        "pass": valid and pr <= MANIFEST_P99_RATIO_MAX})
    tw = wrk("token", "wharf")
    if tw and "wrk" in tw:
        valid = tw["rc"] == 0 and tw["wrk"]["non2xx"] == 0 and tw["wrk"]["requests"] > 0
        rows.append(["Token GET with Basic credentials, 16 connections", "%.0f/s (p99 %.1f ms)"
                     % (tw["wrk"]["rps"], tw["wrk"]["p99_ms"]), "—", "—", "≥ %d/s" % TOKEN_RPS_MIN,
                     verdict(tw["wrk"]["rps"] >= TOKEN_RPS_MIN, valid)])
        summary.append({"name": "token_rps", "wharf": tw["wrk"]["rps"], "p99_ms": tw["wrk"]["p99_ms"],
                        "target": ">= %d" % TOKEN_RPS_MIN, "pass": valid and tw["wrk"]["rps"] >= TOKEN_RPS_MIN})
    tv = wrk("token-varied", "wharf")
    if tv and "wrk" in tv:
        valid = tv["rc"] == 0 and tv["wrk"]["non2xx"] == 0 and tv["wrk"]["requests"] > 0
        rows.append(["Token GET, a different repository each request (every token signed afresh)",
                     "%.0f/s (p99 %.1f ms)" % (tv["wrk"]["rps"], tv["wrk"]["p99_ms"]), "—", "—", "(information)",
                     "—" if valid else "ERROR"])
        summary.append({"name": "token_varied_rps", "wharf": tv["wrk"]["rps"], "p99_ms": tv["wrk"]["p99_ms"],
                        "target": "information", "pass": None})
    def drain_rec(target, path):
        rs = [r for r in recs if r.get("kind") == "drain" and r.get("target") == target and r.get("path") == path]
        return rs[-1] if rs else None

    def drain(target, path):
        d = drain_rec(target, path)
        if not d:
            return "—"
        # drain.py stops after 2 quiet seconds: those are not part of the busy time.
        return "%.0f s, %.0f CPU-s" % (max(0.0, d["wall_s"] - 2), d["cpu_s"].get("liberty") or 0)

    def per_request(r):
        # CPU milliseconds per request: Liberty's counts what it spent during the run and after it
        # (the queued pull notifications), which is less sensitive to other load than requests/s.
        n = r["wrk"]["requests"] or 1
        d = drain_rec(r["target"], r["path"])
        lib = (r["cpu_s"].get("liberty") or 0) + ((d["cpu_s"].get("liberty") or 0) if d else 0)
        return "%.1f / %.1f" % (1000.0 * lib / n, 1000.0 * (r["cpu_s"].get("registry") or 0) / n)

    for r in (md, mw, tw):
        if r and "wrk" in r:
            w = r["wrk"]
            wrk_rows.append([r["target"], r["path"], "%.0f" % w["rps"], "%.1f" % w["p50_ms"], "%.1f" % w["p99_ms"],
                             "%.1f" % w["max_ms"], str(w["non2xx"]),
                             str(w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]),
                             "%.0f%%" % (cpu_pct(r, "liberty") or 0), "%.0f%%" % (cpu_pct(r, "registry") or 0),
                             "%.0f%%" % (100.0 * r["client_cpu_s"] / r["wall_s"]),
                             "%.0f%%" % (100.0 * r.get("other_cpu_s", 0) / r["wall_s"]),
                             drain(r["target"], r["path"]), per_request(r),
                             (r.get("warmup_rps") or "—").replace(",", ", ")])

    def table(header, body):
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
        return "\n".join(lines)

    md_lines = ["# Wharf benchmarks: last run", ""]
    md_lines.append("%s on %s (%s), Wharf commit %s, run time %s s." % (
        ctx.get("date", "?"), ctx.get("machine", "?"), ctx.get("cpu", "?"), ctx.get("commit", "?"), ctx.get("elapsed", "?")))
    md_lines += ["", table(["Benchmark", "Wharf", "Direct", "Wharf/direct", "Target", "Result"], rows), ""]
    if detail:
        md_lines += ["Transfers (skopeo copy between an `oci:` layout and the registry; CPU columns are CPU-seconds "
                     "used during the transfer; RSS is Liberty's VmRSS in MiB, before → peak):", "",
                     table(["transfer", "path", "rep", "wall s", "MiB/s", "skopeo CPU s", "Liberty CPU s",
                            "registry CPU s", "other processes CPU s", "Liberty RSS MiB", "status"], detail), ""]
    if wrk_rows:
        md_lines += ["wrk runs (2 threads, 16 connections, %s s each after warming up until steady; CPU as %% of one core, "
                     "the machine has 2):" % ctx.get("wrk_seconds", "?"), "",
                     table(["endpoint", "path", "req/s", "p50 ms", "p99 ms", "max ms", "non-2xx", "socket errors",
                            "Liberty CPU", "registry CPU", "wrk CPU", "other processes CPU",
                            "Liberty still busy after the run", "CPU ms per request: Liberty (incl. after) / registry",
                            "warm-up req/s (10 s runs, at least 150 s, until two agree within 3 %)"], wrk_rows), ""]
    busy = [r for r in recs if r.get("kind") in ("transfer", "wrk") and r["wall_s"]
            and 100.0 * r.get("other_cpu_s", 0) / r["wall_s"] > 30]
    if busy:
        md_lines += ["Other work competed for the CPU during %d of %d measurements (more than 30%% of a core on "
                     "average, up to %.0f%%): %s. Those figures are lower than on an idle machine." % (
                         len(busy), sum(1 for r in recs if r.get("kind") in ("transfer", "wrk")),
                         max(100.0 * r["other_cpu_s"] / r["wall_s"] for r in busy),
                         ", ".join(r["label"] for r in busy)), ""]
    else:
        md_lines += ["No other work used more than 30% of a core during any measurement.", ""]
    text = "\n".join(md_lines)
    with open(md_path, "w") as f:
        f.write(text)
    with open(json_path, "w") as f:
        json.dump({"context": ctx, "summary": summary, "records": recs}, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
