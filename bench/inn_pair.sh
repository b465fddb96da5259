#!/bin/bash
# inn_pair.sh - same-run pairs: newsnode (port 1120, a fresh home) and INN 2.7.1 (port 1119,
# reset first), both warmed (WARM_FEED=100,000 CHECK/TAKETHIS, WARM_POST=50,000 POST: what
# newsnode's JIT needs to settle on 2 cores, bench/post_series.sh), then three rounds of each
# workload, newsnode then INN; prints one RESULT json per run. Needs root (INN runs as news)
# and ../shared/bench (SHARED_BENCH overrides). README "Benchmarks".
set -u
WARM_FEED=${WARM_FEED:-100000}
WARM_POST=${WARM_POST:-50000}
HERE="$(cd "$(dirname "$0")" && pwd)"
B="${SHARED_BENCH:-$HERE/../../shared/bench}"
NN="$HERE/../newsnode"
H=$(mktemp -d /tmp/nnpair.XXXXXX)/node
$NN init $H --path-identity pair.bench --listen 127.0.0.1:1120 >/dev/null
$NN group create local.bench --home $H >/dev/null
$NN group create local.post --home $H >/dev/null
$NN peer add feeder --host 127.0.0.1 --port 9 --path-identity bench-feeder --groups '!*' --home $H >/dev/null 2>&1
( $NN serve --home $H > $H.log 2>&1 & echo $! > $H.pid )
sleep 4
INNPID=$(bash $B/inn/reset-inn.sh 2>/dev/null | tail -1)
NNPID=$(cat $H.pid)
echo "innd $INNPID newsnode $NNPID"
res() { grep RESULT | sed 's/^RESULT //'; }
for p in 1120 1119; do
  python3 $B/load/feed_takethis.py --port $p -n $WARM_FEED -c 4 --tag warm$p --groups local.bench 2>/dev/null | res >/dev/null
  python3 $B/load/post_bench.py --port $p -n $WARM_POST -c 4 --tag pwarm$p 2>/dev/null | res >/dev/null
done
for r in 1 2 3; do
  for p in 1120 1119; do
    echo "ingest4 $p $(python3 $B/load/feed_takethis.py --port $p -n 20000 -c 4 --tag r$r$p --groups local.bench 2>/dev/null | res)"
    echo "recheck $p $(python3 $B/load/feed_takethis.py --port $p -n 20000 -c 4 --tag r$r$p --groups local.bench --mode check 2>/dev/null | res)"
    echo "post1 $p $(python3 $B/load/post_bench.py --port $p -n 2000 -c 1 --tag p1r$r$p 2>/dev/null | res)"
    echo "post4 $p $(python3 $B/load/post_bench.py --port $p -n 8000 -c 4 --tag p4r$r$p 2>/dev/null | res)"
  done
done
kill $NNPID 2>/dev/null
bash $B/inn/stop-inn.sh >/dev/null 2>&1
echo DONE
