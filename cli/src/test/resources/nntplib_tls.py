"""A real newsreader library over TLS: STARTTLS on the plain port, then implicit TLS.

usage: nntplib_tls.py HOST PORT TLS_PORT CAFILE USER PASSWORD
Prints one line per step; exits non-zero on the first failure.
"""
import nntplib
import ssl
import sys

host, port, tls_port, cafile, user, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
ctx = ssl.create_default_context(cafile=cafile)  # checks the chain and the host name

s = nntplib.NNTP(host, port, readermode=False)
caps = s.getcapabilities()
print("plain caps", " ".join(sorted(caps)))
s.starttls(ctx)  # RFC 4642: CAPABILITIES are read again after the handshake
caps = s.getcapabilities()
print("tls caps", " ".join(sorted(caps)))
print("tls", s.sock.version())
s.login(user, password, usenetrc=False)
print("login ok")
resp, count, first, last, name = s.group("local.test")
print("group", name, count)
body = b"From: py <py@example.org>\r\nNewsgroups: local.test\r\nSubject: over starttls\r\n\r\nsecret text\r\n"
print("post", s.post(body))
s.quit()

s = nntplib.NNTP_SSL(host, tls_port, ssl_context=ctx, readermode=False)
print("implicit", s.sock.version())
s.login(user, password, usenetrc=False)
resp, count, first, last, name = s.group("local.test")
resp, info = s.article(last)
print("read", b"secret text" in b"\n".join(info.lines))
s.quit()
