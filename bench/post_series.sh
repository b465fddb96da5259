#!/bin/bash
# Usage: bench/post_series.sh [ROUNDS] — one fresh node, ROUNDS x 8,000 POSTs on 4 connections, one line per round:
# the rate and the server's CPU per POST (post_bench's other_cpu_s / posts), so warm-up and steady state show apart.
HERE="$(cd "$(dirname "$0")" && pwd)"; NN="${NN:-$HERE/../newsnode}"; S="${SHARED_BENCH:-$HERE/../../shared/bench}"
H=${WORK:-/tmp/newsnode-post-series}; PORT=${PORT:-1143}; ROUNDS=${1:-6}
rm -rf $H; $NN init $H --path-identity series --listen 127.0.0.1:$PORT >/dev/null
$NN group create local.post --home $H >/dev/null
$NN peer add bench-feeder --host 127.0.0.1 --port 9 --groups '*' --path-identity bench-feeder --home $H >/dev/null
( $NN serve --home $H > $H.log 2>&1 & echo $! > $H.pid )
while ! (exec 3<>/dev/tcp/127.0.0.1/$PORT && read -r -t 2 l <&3 && [[ "$l" == 200* ]]) 2>/dev/null; do sleep 0.05; done
for r in $(seq 1 $ROUNDS); do
  python3 $S/load/post_bench.py --port $PORT -n 8000 -c 4 --tag s$r$$ 2>/dev/null | grep RESULT | python3 -c '
import json,sys; d=json.loads(sys.stdin.read()[7:])
print("round %s: %.0f posts/s, server CPU %.0f us/post, p99 %.1f ms" % (sys.argv[1], d["posts_per_s"], 1e6*d["other_cpu_s"]/d["posts"], d["latency_ms"]["p99"]))' $r
done
kill $(cat $H.pid); while kill -0 $(cat $H.pid) 2>/dev/null; do sleep 0.1; done
