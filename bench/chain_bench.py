#!/usr/bin/env python3
"""Propagation along a chain of newsnode processes, measured from outside.

N nodes (default 5) as separate `newsnode serve` processes on 127.0.0.41.., each peered
with its neighbours both ways (bound to its own address, so each knows the other by
address). One client posts ~2 KiB articles to the first node at a steady rate on one
connection. Each node logs one line per accepted article, after its commit, with a
millisecond timestamp: the time an article is stored at node i+1 minus the time it was
stored at node i is one hop. A warm-up of untimed articles goes first (JIT, caches).

Prints the per-hop and end-to-end medians and 99th percentiles, then
  RESULT {json}

usage: chain_bench.py --project DIR [--nodes 5] [--rate 50] [--seconds 20] [--warm 3000] [--keep]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ACCEPTED = re.compile(r"^(\S+) INFO article - accepted (<[^>]+>) ")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def ready(host, port, limit=90):
    end = time.time() + limit
    while time.time() < end:
        try:
            s = socket.create_connection((host, port), timeout=2)
            line = s.makefile("rb").readline()
            s.close()
            if line[:3] in (b"200", b"201"):
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


class Client:
    def __init__(self, host, port):
        self.s = socket.create_connection((host, port), timeout=30)
        self.f = self.s.makefile("rwb")
        self.f.readline()

    def cmd(self, line):
        self.f.write(line.encode() + b"\r\n")
        self.f.flush()
        return self.f.readline().decode().rstrip("\r\n")

    def post(self, subject, body):
        r = self.cmd("POST")
        if not r.startswith("340"):
            raise RuntimeError(r)
        art = ("From: chain@bench.example\r\nNewsgroups: local.bench\r\nSubject: %s\r\n\r\n%s\r\n.\r\n" % (subject, body))
        self.f.write(art.encode())
        self.f.flush()
        r = self.f.readline().decode().rstrip("\r\n")
        if not r.startswith("240"):
            raise RuntimeError(r)
        return r.split()[-1]

    def count(self, group):
        r = self.cmd("GROUP " + group)
        return int(r.split()[1]) if r.startswith("211") else 0


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))] if v else float("nan")


def stamp(text):
    return datetime.datetime.strptime(text.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f").timestamp() * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", required=True, help="newsnode checkout (holds ./newsnode)")
    ap.add_argument("--nodes", type=int, default=5)
    ap.add_argument("--rate", type=float, default=50, help="articles per second posted at the first node")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warm", type=int, default=3000,
                    help="untimed articles first (JIT, caches); with the JVM's own inlining C2 needed 20,000 (README, Benchmarks)")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    nn = os.path.join(os.path.abspath(args.project), "newsnode")
    work = tempfile.mkdtemp(prefix="chain-bench.")
    port = free_port()
    addr = ["127.0.0.%d" % (41 + i) for i in range(args.nodes)]
    homes = [os.path.join(work, "n%d" % i) for i in range(args.nodes)]
    procs = []

    def cli(*a):
        r = subprocess.run([nn, *a], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("newsnode %s failed: %s" % (" ".join(a), (r.stderr or r.stdout).strip()[-300:]))

    try:
        for i, home in enumerate(homes):
            cli("init", home, "--path-identity", "c%d.bench" % i, "--listen", "%s:%d" % (addr[i], port))
            cli("group", "create", "local.bench", "--home", home)
            with open(os.path.join(home, "newsnode.toml"), "a") as f:
                for j in (i - 1, i + 1):
                    if 0 <= j < args.nodes:
                        f.write('\n[[peer]]\nname = "c%d"\nhost = "%s"\nport = %d\npath-identity = "c%d.bench"\n'
                                'source-address = "%s"\n' % (j, addr[j], port, j, addr[i]))
        for i, home in enumerate(homes):
            log = open(os.path.join(work, "n%d.log" % i), "ab")
            procs.append(subprocess.Popen([nn, "serve", "--home", home], stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
        for i in range(args.nodes):
            if not ready(addr[i], port):
                sys.exit("node %d did not start" % i)
        poster = Client(addr[0], port)
        last = Client(addr[-1], port)
        for k in range(args.warm):
            poster.post("warm %d" % k, "w" * 2000)
        end = time.time() + 120
        while last.count("local.bench") < args.warm and time.time() < end:
            time.sleep(0.05)
        if last.count("local.bench") < args.warm:
            sys.exit("the warm-up did not reach the last node within 120 s of its last post: the timed part would overlap it")
        total = int(args.rate * args.seconds)
        ids = []
        start = time.perf_counter()
        for k in range(total):
            due = start + k / args.rate
            while time.perf_counter() < due:
                time.sleep(max(0.0, min(0.002, due - time.perf_counter())))
            ids.append(poster.post("chain %d" % k, "x" * 2000))
        end = time.time() + 120
        while last.count("local.bench") < args.warm + total and time.time() < end:
            time.sleep(0.05)
        poster.cmd("QUIT")
        last.cmd("QUIT")
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
    want = set(ids)
    at = []
    for i in range(args.nodes):
        seen = {}
        with open(os.path.join(work, "n%d.log" % i), errors="replace") as f:
            for line in f:
                m = ACCEPTED.match(line)
                if m and m.group(2) in want:
                    seen[m.group(2)] = stamp(m.group(1))
        at.append(seen)
    hops, ends = [], []
    for mid in ids:
        times = [at[i].get(mid) for i in range(args.nodes)]
        if None in times:
            continue
        hops.extend(times[i + 1] - times[i] for i in range(args.nodes - 1))
        ends.append(times[-1] - times[0])
    print("articles %d, reached the last node %d" % (len(ids), len(ends)))
    print("per hop:    median %.1f ms, p99 %.1f ms, max %.1f ms" % (pct(hops, 50), pct(hops, 99), max(hops or [0])))
    print("end to end: median %.1f ms, p99 %.1f ms (%d hops)" % (pct(ends, 50), pct(ends, 99), args.nodes - 1))
    print("RESULT " + json.dumps({"tool": "chain_bench", "nodes": args.nodes, "rate": args.rate, "articles": len(ids),
                                  "arrived": len(ends), "hop_median_ms": pct(hops, 50), "hop_p99_ms": pct(hops, 99),
                                  "end_median_ms": pct(ends, 50), "end_p99_ms": pct(ends, 99)}, sort_keys=True))
    if args.keep:
        print("# kept %s" % work, file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
