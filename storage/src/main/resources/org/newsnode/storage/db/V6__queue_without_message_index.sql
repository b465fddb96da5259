-- newsnode schema version 6: the queue loses its index by Message-ID. A peer that offers an
-- ID we have queued for it is remembered in memory and its row dropped when its feed reads
-- it; a cancelled article's rows are dropped the same way (the page finds no article). Two
-- fewer index entries to write, and later delete, per article and peer.
DROP INDEX IF EXISTS peer_queue_message;
