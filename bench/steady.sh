#!/bin/bash
# Usage: bench/steady.sh "JVM OPTIONS" — one warmed node: TAKETHIS 30k x2, POST 8k on 4 conns, OVER and random ARTICLE, then its RSS.
# steady-state on one warmed node: opts given as $1
HERE="$(cd "$(dirname "$0")" && pwd)"; NN="${NN:-$HERE/../newsnode}"; S="${SHARED_BENCH:-$HERE/../../shared/bench}"; H=${WORK:-/tmp/newsnode-steady}; PORT=1141
rm -rf $H; $NN init $H --path-identity steady --listen 127.0.0.1:$PORT >/dev/null
$NN group create local.bench --home $H >/dev/null
$NN peer add bench-feeder --host 127.0.0.1 --port 9 --groups '*' --path-identity bench-feeder --home $H >/dev/null
( NEWSNODE_JAVA_OPTS="$1" $NN serve --home $H > $H.log 2>&1 & echo $! > $H.pid )
while ! (exec 3<>/dev/tcp/127.0.0.1/$PORT && read -r -t 2 l <&3 && [[ "$l" == 200* ]]) 2>/dev/null; do sleep 0.05; done
python3 $S/load/feed_takethis.py --port $PORT -n 50000 -c 4 --tag warm --groups local.bench >/dev/null 2>&1
i1=$(python3 $S/load/feed_takethis.py --port $PORT -n 30000 -c 4 --tag t1 --groups local.bench 2>/dev/null | grep -o '"articles_per_s": [0-9.]*' | grep -o '[0-9.]*$')
i2=$(python3 $S/load/feed_takethis.py --port $PORT -n 30000 -c 4 --tag t2 --groups local.bench 2>/dev/null | grep -o '"articles_per_s": [0-9.]*' | grep -o '[0-9.]*$')
python3 $S/load/post_bench.py --port $PORT -n 3000 -c 4 --groups local.test >/dev/null 2>&1
p4=$(python3 $S/load/post_bench.py --port $PORT -n 8000 -c 4 --groups local.test 2>/dev/null | grep -o '"posts_per_s": [0-9.]*' | grep -o '[0-9.]*$')
python3 $S/load/reader_bench.py --port $PORT --group local.bench -r 2000 >/dev/null 2>&1
rd=$(python3 $S/load/reader_bench.py --port $PORT --group local.bench -r 5000 2>/dev/null | grep RESULT | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()[7:]); print("over_lines=%d over_s=%.3f article_per_s=%.0f" % (d["over_lines"], d["over_s"], d["article_ops_per_s"]))')
rss=$(awk '/^VmRSS/ {print int($2/1024)}' /proc/$(cat $H.pid)/status)
kill $(cat $H.pid); while kill -0 $(cat $H.pid) 2>/dev/null; do sleep 0.1; done
echo "[$1] takethis=$i1,$i2 post4=$p4 $rd rss_mib=$rss"
