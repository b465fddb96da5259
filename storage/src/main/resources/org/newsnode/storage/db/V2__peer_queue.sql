-- newsnode schema version 2: durable per-peer queues (the feeder's backlog).
-- One row per article a peer should be offered, written in the same transaction as the
-- article; deleted when the peer answered for it (took it, had it, or refused it for good).
CREATE TABLE peer_queue (
    peer       VARCHAR(100) NOT NULL,
    seq        BIGINT NOT NULL,
    article_id BIGINT NOT NULL,
    message_id VARCHAR(250) NOT NULL,
    queued     BIGINT NOT NULL,
    PRIMARY KEY (peer, seq)
);
-- A peer that offers us an ID it has is not offered it back: find its row by Message-ID.
CREATE INDEX peer_queue_message ON peer_queue (peer, message_id);
