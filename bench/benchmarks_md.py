"""Writes BENCHMARKS.md from bench/compare's rows: the machine, medians per case, the Java/C
ratios against the budget, and every round. Usage: benchmarks_md.py ROWS OUT REPEATS PIN COUNT"""
import os, platform, statistics, subprocess, sys, time

rows_file, out, repeats, pin = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [line.rstrip("\n").split("\t") for line in open(rows_file) if line.strip()]

# The budget of issue 9: p50 ping-pong ratio at most this; stream throughput ratio at least 0.8.
BUDGET = {"pipe pingpong": 1.2, "fifo pingpong": 1.2, "posix-mq pingpong": 1.2, "unix pingpong": 1.2,
          "unix-seqpacket pingpong": 1.2, "shm-block pingpong": 1.2, "shm-spin pingpong": 1.5, "tcp pingpong": 1.5}
STREAM_FLOOR = 0.8


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
jdk = sh(f'. "{root}/bin/jdk-home.sh" >/dev/null 2>&1; "$JAVA_HOME/bin/java" -version 2>&1 | head -1')
by_case = {}
pinned = {}
for name, rnd, jp50, cp50, jp99, cp99, jt, ct, where in rows:
    by_case.setdefault(name, []).append((float(jp50), float(cp50), float(jp99), float(cp99), float(jt), float(ct)))
    pinned[name] = where

med = lambda xs: statistics.median(xs)
us = lambda ns: f"{ns / 1000:.2f} µs"
lines = ["# Benchmarks: Java transports against their C twins", "",
         "Written by `bench/compare` (do not edit by hand; run it again). Each case runs the Java transport",
         "(`bin/launcher`) and its C twin in `bench/native` in turns, with the same frame, checks, size (64-byte",
         "payload), count and warm-up; the figures below are medians over the rounds, the ratios Java/C of",
         "those medians. Only figures from one sitting are compared.", "",
         "## The machine", "",
         f"* CPU: {cpu}, {os.cpu_count()} logical CPUs; kernel {platform.release()}",
         f"* JDK: {jdk}; C: {sh('cc --version | head -1')}",
         f"* date: {time.strftime('%Y-%m-%d %H:%M %Z')}; rounds: {repeats}; pinning: "
         + ("none (the scheduler decides)" if pin == "none" else f"both sides on CPU {pin} (taskset), except the "
            "spinning cases, which run unpinned: two spinners on one CPU only take turns"), "",
         "## Results", "",
         "| case | CPUs | Java p50 | C p50 | p50 Java/C | Java p99 | C p99 | Java msg/s | C msg/s | msg/s Java/C | budget | verdict |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
for name, rs in by_case.items():
    jp50, cp50, jp99, cp99, jt, ct = (med([r[i] for r in rs]) for i in range(6))
    p50r, tr = jp50 / cp50, jt / ct
    if name.endswith("stream"):
        budget, ok = f"msg/s ≥ {STREAM_FLOOR} of C", tr >= STREAM_FLOOR
    else:
        limit = BUDGET.get(name)
        budget, ok = (f"p50 ≤ {limit}× C", p50r <= limit) if limit else ("", True)
    verdict = "" if not budget else ("met" if ok else "**not met**")
    lines.append(f"| {name} | {pinned[name]} | {us(jp50)} | {us(cp50)} | {p50r:.2f} | {us(jp99)} | {us(cp99)} | {jt:,.0f} | {ct:,.0f} | {tr:.2f} | {budget} | {verdict} |")
lines += ["", "Ratios are shown rounded; verdicts use the unrounded values (0.797 shows as 0.80 and is not 0.8).",
          "For a stream, p50 is one-way latency including the time a message waits in the queue, so it",
          "measures how full the queue ran, not the transport; compare the throughput.", "",
          "## Where a ratio stays above budget, and why", ""]
notes = os.path.join(root, "bench", "NOTES.md")
lines += [open(notes).read().strip()] if os.path.exists(notes) else ["(bench/NOTES.md is missing.)"]
lines += ["", "## Every round", "", "| case | round | Java p50 | C p50 | Java p99 | C p99 | Java msg/s | C msg/s |",
          "|---|---:|---:|---:|---:|---:|---:|---:|"]
for name, rnd, jp50, cp50, jp99, cp99, jt, ct, where in rows:
    lines.append(f"| {name} | {rnd} | {us(float(jp50))} | {us(float(cp50))} | {us(float(jp99))} | {us(float(cp99))} | {float(jt):,.0f} | {float(ct):,.0f} |")
open(out, "w").write("\n".join(lines) + "\n")
