#!/bin/sh
# Usage: inn-instance.sh DIR PORT PEER_HOST PEER_PORT [KEY_FILE SIGNER]
# Starts a private INN 2.7 (Debian's inn2 binaries, its own config, spool, history and logs
# under DIR; the system INN is not touched) with innd on 127.0.0.1:PORT, accepting feeds from
# loopback and feeding every article to PEER_HOST:PEER_PORT with innfeed. Prints innd's PID.
# With KEY_FILE (an armored OpenPGP public key) and SIGNER, controlchan acts on newgroup and
# rmgroup for local.* signed by that key (control.ctl.local verify-SIGNER, pgpverify on gpgv).
# Stop it with: kill PID. Used by the INN interop test.
set -eu
D="$1"; PORT="$2"; PEER_HOST="$3"; PEER_PORT="$4"; KEY_FILE="${5:-}"; SIGNER="${6:-}"
BIN=/usr/lib/news/bin
rm -rf "$D"; mkdir -p "$D"/etc "$D"/db "$D"/spool/articles "$D"/spool/overview "$D"/spool/incoming/tmp "$D"/spool/outgoing "$D"/spool/archive "$D"/run "$D"/log "$D"/http
cp -a /etc/news/. "$D"/etc/
set_conf() { if grep -qE "^$1:" "$D/etc/inn.conf"; then sed -i -E "s|^$1:.*|$1: $2|" "$D/etc/inn.conf"; else echo "$1: $2" >> "$D/etc/inn.conf"; fi; }
set_conf port "$PORT"; set_conf bindaddress 127.0.0.1; set_conf pathhost inn-interop.invalid; set_conf domain localdomain
set_conf pathdb "$D/db"; set_conf pathetc "$D/etc"; set_conf pathrun "$D/run"; set_conf pathlog "$D/log"; set_conf pathhttp "$D/http"
set_conf pathspool "$D/spool"; set_conf patharticles "$D/spool/articles"; set_conf pathoverview "$D/spool/overview"
set_conf pathincoming "$D/spool/incoming"; set_conf pathtmp "$D/spool/incoming/tmp"; set_conf pathoutgoing "$D/spool/outgoing"
set_conf patharchive "$D/spool/archive"; set_conf pathfilter "$D/etc/filter"; set_conf nnrpdpostport "$PORT"
set_conf artcutoff 10; set_conf doinnwatch false; set_conf logsitename true
printf 'control 0000000000 0000000001 n\ncontrol.cancel 0000000000 0000000001 n\njunk 0000000000 0000000001 n\nlocal.interop 0000000000 0000000001 y\n' > "$D/db/active"
printf 'local.interop 1 interop\n' > "$D/db/active.times"
printf 'local.interop\tInterop tests\n' > "$D/db/newsgroups"
: > "$D/db/history"
cat > "$D/etc/incoming.conf" <<EOC
streaming: true
peer ME {
  hostname: "localhost, 127.0.0.1, 127.0.0.41, 127.0.0.42, ::1"
}
EOC
cat > "$D/etc/readers.conf" <<EOC
auth "local" {
  hosts: "localhost, 127.0.0.1, ::1, stdin"
  default: "<local>"
}
access "local" {
  users: "<local>"
  newsgroups: "*"
  access: RPA
}
EOC
cat > "$D/etc/newsfeeds" <<EOC
ME:!*/!local::
newsnode/newsnode.interop:*,!junk:Tm:innfeed!
innfeed!:!*:Tc,Wnm*:$BIN/innfeed
EOC
if [ -n "$KEY_FILE" ]; then
    # INN's own control handling: controlchan gets control.* (not cancels, innd does those) and trusts SIGNER for local.*
    printf 'controlchan!:!*,control,control.*,!control.cancel:AC,Tc,Wnsm:%s/controlchan\n' "$BIN" >> "$D/etc/newsfeeds"
    printf 'newgroup:*:local.*:verify-%s\nrmgroup:*:local.*:verify-%s\n' "$SIGNER" "$SIGNER" >> "$D/etc/control.ctl.local"
    mkdir -p "$D/etc/pgp"
    gpg --batch --dearmor < "$KEY_FILE" > "$D/etc/pgp/pubring.gpg"   # pgpverify runs gpgv on a binary ring
fi
mkdir -p "$D/spool/innfeed"
cat > "$D/etc/innfeed.conf" <<EOC
backlog-directory: $D/spool/innfeed
pid-file: $D/run/innfeed.pid
status-file: $D/log/innfeed.status
log-file: $D/log/innfeed.log
backlog-limit: 0
use-mmap: false
backlog-rotate-period: 5
backlog-newfile-period: 10
host-queue-highwater: 1000
backlog-highwater: 1000
peer newsnode {
  ip-name: $PEER_HOST
  port-number: $PEER_PORT
  max-connections: 1
  max-queue-size: 1000
}
EOC
chown -R news:news "$D"
su news -s /bin/sh -c "INNCONF=$D/etc/inn.conf $BIN/makedbz -i -o -s 1000 -f $D/db/history" 2>&1 || true
su news -s /bin/sh -c "INNCONF=$D/etc/inn.conf $BIN/innd" > "$D/log/innd.out" 2>&1 || { cat "$D/log/innd.out" >&2; exit 1; }
for _ in $(seq 1 60); do [ -s "$D/run/innd.pid" ] && break; sleep 0.25; done
cat "$D/run/innd.pid"
