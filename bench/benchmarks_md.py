"""Writes BENCHMARKS.md from bench/compare's rows: the machine, medians per case, the Java/C
ratios against the budget, and every round. Usage: benchmarks_md.py ROWS OUT REPEATS PIN COUNT"""
import os, platform, statistics, subprocess, sys, time

rows_file, out, repeats, pin = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [line.rstrip("\n").split("\t") for line in open(rows_file) if line.strip()]

# The budget: ping-pong p50 Java/C at most the first figure and msg/s Java/C at least the second;
# a stream's msg/s at least STREAM_FLOOR of C (the spinning shm stream at least SPIN_STREAM_FLOOR).
BUDGET = {"pipe pingpong": (1.2, 0.75), "fifo pingpong": (1.2, 0.75), "posix-mq pingpong": (1.2, 0.75),
          "shm-block pingpong": (1.2, 0.75), "unix pingpong": (1.3, 0.7), "unix-seqpacket pingpong": (1.3, 0.7),
          "tcp pingpong": (1.5, 0.6), "shm-spin pingpong": (1.1, None), "shm-fast pingpong": (1.1, None),
          # many producers (--producers 4) into one consumer: p50 at most 1.3 times C's, the stream at least FANIN_STREAM_FLOOR
          "pipe-fanin4 pingpong": (1.3, None), "posix-mq-fanin4 pingpong": (1.3, None),
          "shm-fanin4 pingpong": (1.3, None), "unix-fanin4 pingpong": (1.3, None)}
# The fast ring's stream against the unbatched C twin: at least twice its messages per second.
STREAM_FLOOR, SPIN_STREAM_FLOOR, FAST_STREAM_FLOOR, FANIN_STREAM_FLOOR = 0.85, 1.0, 2.0, 0.8


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
bare = {}
for name, rnd, jp50, cp50, jp99, cp99, jt, ct, where, bp50, bt in rows:
    by_case.setdefault(name, []).append((float(jp50), float(cp50), float(jp99), float(cp99), float(jt), float(ct)))
    pinned[name] = where
    if bt != "-":
        bare.setdefault(name, []).append((float(bp50) if bp50 != "-" else None, float(bt)))

med = lambda xs: statistics.median(xs)
us = lambda ns: f"{ns / 1000:.2f} µs"
lines = ["# Benchmarks: Java transports against their C twins", "",
         "Written by `bench/compare` (do not edit by hand; run it again). Each case runs the Java transport",
         "(`bin/launcher`, with its default warm-up: until both JIT compilers are quiet) and its C twin in",
         "`bench/native` in turns, with the same frame, checks, size (64-byte payload) and count; for the pipe,",
         "FIFO, Unix socket and TCP cases also the *bare JVM floor* (`bench/floor/BarePingPong.java`: two JVMs,",
         "the JDK's own streams and channels, the same byte counts, no frame, no checks, no rig). The figures below are",
         "medians over the rounds, the ratios Java/C of those medians. Only figures from one sitting are compared.", "",
         "## The machine", "",
         f"* CPU: {cpu}, {os.cpu_count()} logical CPUs; kernel {platform.release()}",
         f"* JDK: {jdk}; C: {sh('cc --version | head -1')}",
         f"* date: {time.strftime('%Y-%m-%d %H:%M %Z')}; rounds: {repeats}; pinning: "
         + ("none (the scheduler decides)" if pin == "none" else f"C and the floor with `taskset -c {pin}`; Java with "
            "`--pin same` (each side's messaging thread on CPU 0, the rest of its JVM on the other CPUs); except the "
            "spinning cases, which run unpinned: two spinners on one CPU only take turns; and the many-producer "
            "cases (-fanin4), unpinned as their budget says: five processes on one CPU measure its queue"), "",
         "## Results", "",
         "| case | CPUs | C p50 | bare JVM p50 | Java p50 | p50 Java/C | Java p99 | C p99 | C msg/s | bare msg/s | Java msg/s | msg/s Java/C | budget | verdict |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
for name, rs in by_case.items():
    jp50, cp50, jp99, cp99, jt, ct = (med([r[i] for r in rs]) for i in range(6))
    bp50, bt = ("", "")
    if name in bare:
        p50s = [b[0] for b in bare[name] if b[0] is not None]
        bp50, bt = (us(med(p50s)) if p50s else ""), f"{med([b[1] for b in bare[name]]):,.0f}"
    p50r, tr = jp50 / cp50, jt / ct
    if "-jdk" in name:  # the JDK's own sockets: a reference beside the libraries, not ours to budget
        budget, ok = "", True
    elif name.endswith("stream"):
        floor = (FANIN_STREAM_FLOOR if "fanin" in name else FAST_STREAM_FLOOR if "fast" in name
                 else SPIN_STREAM_FLOOR if "spin" in name else STREAM_FLOOR)
        budget, ok = f"msg/s ≥ {floor} of C", tr >= floor
    elif name in BUDGET:
        limit, rate = BUDGET[name]
        budget = f"p50 ≤ {limit}× C" + (f", msg/s ≥ {rate} of C" if rate else "")
        ok = p50r <= limit and (rate is None or tr >= rate)
    else:
        budget, ok = "", True
    verdict = "" if not budget else ("met" if ok else "**not met**")
    lines.append(f"| {name} | {pinned[name]} | {us(cp50)} | {bp50} | {us(jp50)} | {p50r:.2f} | {us(jp99)} | {us(cp99)} | {ct:,.0f} | {bt} | {jt:,.0f} | {tr:.2f} | {budget} | {verdict} |")
lines += ["", "Ratios are shown rounded; verdicts use the unrounded values (0.797 shows as 0.80 and is not 0.8).",
          "For a stream, p50 is one-way latency including the time a message waits in the queue, so it",
          "measures how full the queue ran, not the transport; compare the throughput.", "",
          "## Where a ratio stays above budget, and why", ""]
notes = os.path.join(root, "bench", "NOTES.md")
lines += [open(notes).read().strip()] if os.path.exists(notes) else ["(bench/NOTES.md is missing.)"]
lines += ["", "## Every round", "", "| case | round | C p50 | bare p50 | Java p50 | C p99 | Java p99 | C msg/s | bare msg/s | Java msg/s |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for name, rnd, jp50, cp50, jp99, cp99, jt, ct, where, bp50, bt in rows:
    b50 = us(float(bp50)) if bp50 != "-" else ""
    bts = f"{float(bt):,.0f}" if bt != "-" else ""
    lines.append(f"| {name} | {rnd} | {us(float(cp50))} | {b50} | {us(float(jp50))} | {us(float(cp99))} | {us(float(jp99))} | {float(ct):,.0f} | {bts} | {float(jt):,.0f} |")
open(out, "w").write("\n".join(lines) + "\n")
