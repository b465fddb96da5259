#!/bin/bash
# Usage: [N=30000] [PEERX="window = 256"] [BOPTS=jvm-options-for-B] [JFR=1] bench/catchup.sh — B catches up a backlog A holds for it; prints B's rate from its start and from its greeting.
# A holds a backlog of N for B; B starts (JFR) and catches up. Prints B's rate from its start.
HERE="$(cd "$(dirname "$0")" && pwd)"; NN="${NN:-$HERE/../newsnode}"; S="${SHARED_BENCH:-$HERE/../../shared/bench}"; W=${WORK:-/tmp/newsnode-catchup}; rm -rf $W; mkdir -p $W; PA=1131; PB=1132; N=${N:-30000}
$NN init $W/a --path-identity nodea --listen 127.0.0.1:$PA >/dev/null; $NN init $W/b --path-identity nodeb --listen 127.0.0.2:$PB >/dev/null
for h in a b; do $NN group create local.bench --home $W/$h >/dev/null; done
$NN peer add bench-feeder --host 127.0.0.1 --port 9 --groups '*' --path-identity bench-feeder --home $W/a >/dev/null
$NN peer add nodeb --host 127.0.0.2 --port $PB --groups '*' --path-identity nodeb --home $W/a >/dev/null
$NN peer add nodea --host 127.0.0.1 --port $PA --groups '*' --path-identity nodea --home $W/b >/dev/null
[ -n "$PEERX" ] && python3 - $W/a/newsnode.toml "$PEERX" <<'PY'
import sys
p,x=sys.argv[1],sys.argv[2]
s=open(p).read()
s=s.replace('name = "nodeb"\n','name = "nodeb"\n'+x.replace(';','\n')+'\n',1)
open(p,'w').write(s)
PY
( $NN serve --home $W/a > $W/a.log 2>&1 & echo $! > $W/a.pid )
while ! (exec 3<>/dev/tcp/127.0.0.1/$PA && read -r -t 2 l <&3 && [[ "$l" == 200* ]]) 2>/dev/null; do sleep 0.05; done
python3 $S/load/feed_takethis.py --port $PA -n $N -c 4 --tag warm --groups local.bench 2>/dev/null | grep -o '"articles_per_s": [0-9.]*'
[ -n "$JFR" ] && jcmd $(cat $W/a.pid) JFR.start name=cu filename=$W/a.jfr settings=profile >/dev/null
t0=$(date +%s.%N)
( NEWSNODE_JAVA_OPTS="${BOPTS:-}" $NN serve --home $W/b > $W/b.log 2>&1 & echo $! > $W/b.pid )
python3 - $PB $N $t0 <<'PY'
import socket,sys,time
port,n,t0=int(sys.argv[1]),int(sys.argv[2]),float(sys.argv[3])
while True:
    try:
        s=socket.create_connection(('127.0.0.2',port)); break
    except OSError: time.sleep(0.02)
f=s.makefile('rwb'); f.readline(); up=time.time()
while True:
    f.write(b'GROUP local.bench\r\n'); f.flush(); l=f.readline().split()
    if int(l[1])>=n: break
    time.sleep(0.05)
e=time.time()
print("B up after %.2f s; caught up %d in %.2f s from start: %.0f/s (%.0f/s from its greeting)"%(up-t0,n,e-t0,n/(e-t0),n/(e-up)))
PY
[ -n "$JFR" ] && jcmd $(cat $W/a.pid) JFR.stop name=cu >/dev/null
kill $(cat $W/a.pid) $(cat $W/b.pid); sleep 2
