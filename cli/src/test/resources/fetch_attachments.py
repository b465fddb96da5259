"""Fetches one article with nntplib and saves its attachments with the email package.

usage: fetch_attachments.py HOST PORT MESSAGE-ID DIR
prints the decoded Subject and From, then one line per saved file.
"""
import email
import email.policy
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # nntplib is deprecated in 3.11, removed in 3.13
import nntplib  # noqa: E402

host, port, message_id, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with nntplib.NNTP(host, port) as server:
    _, info = server.article(message_id)
raw = b"\r\n".join(info.lines) + b"\r\n"
msg = email.message_from_bytes(raw, policy=email.policy.default)
print("Subject:", msg["Subject"])
print("From:", msg["From"])
for part in msg.iter_attachments():
    name = part.get_filename()
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(part.get_payload(decode=True))  # the octets as attached, text or not
    print("saved", name)
