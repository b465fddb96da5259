#!/bin/sh
# Installs Debian's inn2 for the interop test. The machine's host name has no domain, which
# makes inn2's postinst fail ("hostname does not resolve or domain not set"): set `domain`
# in inn.conf and finish the configuration. The system INN is left stopped; the test starts
# a private instance (inn-instance.sh).
set -eu
ok() { [ "$(dpkg-query -W -f='${Status}' inn2 2>/dev/null || true)" = "install ok installed" ]; }
ok && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq inn2 >/dev/null 2>&1 || true
if [ -f /etc/news/inn.conf ]; then
    if grep -qE '^domain:' /etc/news/inn.conf; then
        sed -i -E 's|^domain:.*|domain: localdomain|' /etc/news/inn.conf
    else
        echo 'domain: localdomain' >> /etc/news/inn.conf
    fi
fi
dpkg --configure -a
ok || { echo "inn2 did not install" >&2; exit 1; }
