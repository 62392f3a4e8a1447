#!/usr/bin/env python3
"""Where Liberty's CPU went during a JFR recording: execution samples by thread and by component.

    jfr print --events jdk.ExecutionSample FILE | jfr_summary.py

A sample counts for every component whose frames appear anywhere in its stack (so the component rows add up
to more than the samples), and once for the first Wharf frame and the top frame.
"""
import collections
import re
import sys

COMPONENTS = [
    ("Derby", "org.apache.derby"),
    ("EclipseLink (JPA)", "org.eclipse.persistence"),
    ("Jakarta Batch (Liberty)", "com.ibm.jbatch"),
    ("Wharf scanner", "io.wharf.scanner"),
    ("Wharf job service", "io.wharf.jobservice"),
    ("Wharf scan domain", "io.wharf.scan."),
    ("Wharf batch-jobs", "io.wharf.batch"),
    ("Apache HttpClient", "org.apache.hc"),
    ("RESTEasy / JAX-RS", "org.jboss.resteasy"),
    ("Redisson / Netty", "org.redisson"),
    ("Netty", "io.netty"),
    ("Weld (CDI)", "org.jboss.weld"),
    ("Liberty EJB container", "com.ibm.ejs"),
    ("Liberty transactions", "com.ibm.tx"),
    ("Liberty connection pool", "com.ibm.ws.rsadapter"),
    ("Liberty web container", "com.ibm.ws.webcontainer"),
    ("gzip/inflate", "java.util.zip"),
    ("JSON", "jakarta.json"),
    ("Parsson", "org.eclipse.parsson"),
    ("JDK security (SHA, RSA)", "sun.security"),
    ("JIT/GC (no Java frame)", None),
]


def main():
    samples = []
    thread = None
    frames = None
    for line in sys.stdin:
        s = line.strip()
        if s.startswith("sampledThread"):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else s
        elif s.startswith("stackTrace = ["):
            frames = []
        elif frames is not None:
            if s.startswith("]") or s == "...":
                if s.startswith("]"):
                    samples.append((thread, frames))
                    frames = None
            else:
                frames.append(re.sub(r"\s+line:.*", "", s))
    total = len(samples)
    if total == 0:
        print("no execution samples")
        return
    print(f"{total} execution samples")
    by_thread = collections.Counter(re.sub(r"[-#]?\d+$", "-N", t or "?") for t, _ in samples)
    print("by thread:")
    for name, n in by_thread.most_common(12):
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("by component (anywhere in the stack):")
    rows = []
    for label, prefix in COMPONENTS:
        if prefix is None:
            continue
        n = sum(1 for _, fr in samples if any(f.startswith(prefix) for f in fr))
        rows.append((n, label))
    for n, label in sorted(rows, reverse=True):
        if n:
            print(f"  {100 * n / total:5.1f}%  {label}")
    print("first Wharf frame:")
    first = collections.Counter(next((f for f in fr if f.startswith("io.wharf")), "(none)") for _, fr in samples)
    for name, n in first.most_common(20):
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("top frame:")
    top = collections.Counter(fr[0] if fr else "?" for _, fr in samples)
    for name, n in top.most_common(15):
        print(f"  {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
