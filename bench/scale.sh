#!/bin/bash
# scale.sh - README's scale table: one node per row at 10,000, 100,000 and 1,000,000 stored
# articles (filled by feed_takethis.py, 100,000 at a time), restarted, then measured once:
# start-up to the first greeting, OVER and random ARTICLE (reader_bench.py on local.probe),
# an ingest of 20,000 on 4 connections, VmRSS, data on disk. Needs ../shared/bench
# (SHARED_BENCH overrides) and ~4 GB of disk for the 1M row. STAGES="1000000" picks rows; KEEP=1 keeps the homes.
HERE="$(cd "$(dirname "$0")" && pwd)"
B="${SHARED_BENCH:-$HERE/../../shared/bench}"; NN="${NN:-$HERE/../newsnode}"   # NN: another launcher (a copied jar)
PORT=1122
start() { # $1 home; prints seconds to first greeting
  local t0=$(date +%s.%N)
  ( $NN serve --home $1 >> $1.log 2>&1 & echo $! > $1.pid )
  while ! (exec 3<>/dev/tcp/127.0.0.1/$PORT && read -r -t 2 l <&3 && [[ "$l" == 200* ]]) 2>/dev/null; do sleep 0.02; done
  echo "$(date +%s.%N) - $t0" | bc
}
javapid() { cat $1.pid; }
stop() { local p=$(javapid $1); kill $p; while kill -0 $p 2>/dev/null; do sleep 0.1; done; }
fill() { # home group count tag
  python3 $B/load/feed_takethis.py --port $PORT -n $3 -c 4 --tag $4 --groups $2 2>/dev/null | grep -o '"articles_per_s": [0-9.]*' | tail -1
}
measure() { # home label
  local H=$1
  stop $H; local st=$(start $H)
  # warm the reader paths once, then measure
  python3 $B/load/reader_bench.py --port $PORT --group local.probe -r 2000 >/dev/null 2>&1
  local rd=$(python3 $B/load/reader_bench.py --port $PORT --group local.probe -r 5000 2>/dev/null | grep RESULT | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()[7:]); print("over_lines=%d over_s=%.3f article_per_s=%.0f" % (d["over_lines"], d["over_s"], d["article_ops_per_s"]))')
  local ing=$(fill $H local.bench 20000 ing$2)
  local pid=$(javapid $H)
  local rss=$(awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s%.0fMiB ", $1, $2/1024}' /proc/$pid/status)
  local disk=$(du -sh $H/data | cut -f1)
  echo "$2: startup=${st}s $rd ingest20k_4conn=$ing rss=$rss data=$disk"
}
for stage in ${STAGES:-10000 100000 1000000}; do
  H=/tmp/nnscale$stage; rm -rf $H $H.log
  $NN init $H --path-identity scale.bench --listen 127.0.0.1:$PORT >/dev/null
  $NN group create local.bench --home $H >/dev/null; $NN group create local.probe --home $H >/dev/null
  $NN peer add feeder --host 127.0.0.1 --port 9 --path-identity bench-feeder --groups '!*' --home $H >/dev/null 2>&1
  start $H >/dev/null
  probe=$(( stage < 100000 ? stage : 100000 ))
  fill $H local.probe $probe probe >/dev/null
  rest=$(( stage - probe )); i=0
  while [ $rest -gt 0 ]; do n=$(( rest < 100000 ? rest : 100000 )); fill $H local.bench $n bulk$i >/dev/null; rest=$((rest-n)); i=$((i+1)); done
  measure $H $stage
  stop $H
  [ -n "${KEEP:-}" ] || rm -rf $H   # KEEP=1 leaves the home for a closer look
done
echo DONE
