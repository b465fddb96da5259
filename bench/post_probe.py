#!/usr/bin/env python3
"""POST latency probe: posts one small article to local.bench every 20 ms on one connection for
D seconds and prints p50/p99/max and the posts held over 100 ms (run it while expiry runs).

usage: post_probe.py PORT SECONDS"""
import socket, sys, time, os
port, dur = int(sys.argv[1]), float(sys.argv[2])
s = socket.create_connection(('127.0.0.1', port)); f = s.makefile('rwb'); f.readline()
lat = []; t0 = time.time(); i = 0; slow = []
while time.time() - t0 < dur:
    i += 1; a = time.time()
    f.write(b'POST\r\n'); f.flush(); r = f.readline()
    if not r.startswith(b'340'): print('POST', r); break
    f.write(b'From: p@x.example\r\nNewsgroups: local.bench\r\nSubject: probe %d\r\nMessage-ID: <probe%d.%d@x.example>\r\n\r\nhi\r\n.\r\n' % (i, os.getpid(), i)); f.flush()
    r = f.readline(); b = time.time()
    if not r.startswith(b'240'): print('reply', r); break
    lat.append(b - a)
    if b - a > 0.1: slow.append((round(a - t0, 2), round(b - a, 3)))
    time.sleep(0.02)
lat.sort()
print('posts %d p50 %.1f ms p99 %.1f ms max %.1f ms; slow (>100 ms, start s, latency s): %s' % (len(lat), lat[len(lat)//2]*1e3, lat[int(len(lat)*.99)]*1e3, lat[-1]*1e3, slow[:20]))
