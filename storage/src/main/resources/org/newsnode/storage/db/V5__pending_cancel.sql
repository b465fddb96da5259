-- newsnode schema version 5: cancels that arrived before their target (RFC 5537 §5.3).
-- The target is checked against the cancel when it arrives (Cancel-Key against its
-- Cancel-Lock, RFC 8315 §3.5, or the injecting site), then the row goes; purged by age.
CREATE TABLE pending_cancel (
    target      VARCHAR(250) PRIMARY KEY,
    cancel_id   VARCHAR(250) NOT NULL,
    cancel_keys VARCHAR(4000) NOT NULL,
    site        VARCHAR(250),
    arrived     BIGINT NOT NULL
);
