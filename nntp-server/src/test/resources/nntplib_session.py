"""A newsreader session with Python's nntplib against a newsnode (interop test).

Usage: python3 nntplib_session.py PORT
Prints one line per step and exits 0 only when every step held.
"""
import datetime
import io
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import nntplib  # noqa: E402


def main(port):
    s = nntplib.NNTP("127.0.0.1", port, readermode=True)
    print("welcome", s.getwelcome())
    caps = s.getcapabilities()
    assert "READER" in caps and "POST" in caps and "OVER" in caps, caps
    print("capabilities", sorted(caps))
    resp, groups = s.list()
    names = [g.group for g in groups]
    assert "local.interop" in names, names
    print("list", names)
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    art = ("From: Py Thon <py@example.org>\r\nNewsgroups: local.interop\r\n"
           "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from nntplib\r\n\r\nHello from nntplib.\r\n.leading dot\r\n")
    resp = s.post(io.BytesIO(art.encode("ascii")))
    assert resp.startswith("240"), resp
    print("post", resp)
    resp, count, first, last, name = s.group("local.interop")
    assert count == 1 and first == 1 and last == 1, (count, first, last)
    print("group", resp)
    resp, overviews = s.over((first, last))
    number, fields = overviews[0]
    assert number == 1
    assert fields["subject"] == "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from nntplib", fields
    assert nntplib.decode_header(fields["subject"]) == "Grüße from nntplib"
    assert fields["from"] == "Py Thon <py@example.org>"
    assert int(fields[":bytes"]) > 0 and fields[":lines"] == "2", fields
    print("over", fields["message-id"], fields["xref"])
    resp, info = s.article(fields["message-id"])
    body = info.lines[info.lines.index(b"") + 1:]
    assert body == [b"Hello from nntplib.", b".leading dot"], body
    print("article", resp)
    resp, ids = s.newnews("local.*", start)
    assert ids == [fields["message-id"]], ids
    print("newnews", ids)
    resp, hdrs = s.xhdr("subject", "1-")
    assert hdrs[0][1].endswith("from nntplib"), hdrs
    print("date", s.date()[1])
    s.quit()
    print("ok")


if __name__ == "__main__":
    main(int(sys.argv[1]))
