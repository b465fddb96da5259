-- newsnode schema version 4: the safe point. H2 now writes its file in the background
-- (WRITE_DELAY), so after kill -9 the file may end anywhere after the last commit it wrote,
-- even inside a transaction. At each checkpoint the writer records a log position up to
-- which the file is known complete, with the next article id and queue seq it would give;
-- after an unclean stop the rows from those on are dropped and the log is replayed from the
-- position. Until the first checkpoint the last recorded position is safe: the versions
-- before this one wrote every commit at once.
ALTER TABLE store_state ADD COLUMN safe_segment INT NOT NULL DEFAULT 1;
ALTER TABLE store_state ADD COLUMN safe_offset BIGINT NOT NULL DEFAULT 0;
ALTER TABLE store_state ADD COLUMN safe_article BIGINT NOT NULL DEFAULT 1;
ALTER TABLE store_state ADD COLUMN safe_queue_seq BIGINT NOT NULL DEFAULT 1;
UPDATE store_state SET safe_segment = log_segment, safe_offset = log_offset,
    safe_article = (SELECT COALESCE(MAX(id), 0) + 1 FROM article),
    safe_queue_seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM peer_queue);
