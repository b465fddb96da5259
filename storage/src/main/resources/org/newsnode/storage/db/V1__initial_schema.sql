-- newsnode schema version 1: groups, articles, per-group numbers with overview, history.
-- Times are epoch milliseconds (arrived, created) or epoch seconds (posted, from Date:).

CREATE TABLE newsgroup (
    id            INT PRIMARY KEY,
    name          VARCHAR(250) NOT NULL,
    description   VARCHAR(2000) NOT NULL DEFAULT '',
    status        CHAR(1) NOT NULL,             -- y posting ok, n no posting, m moderated (RFC 6048 §3.1)
    low           BIGINT NOT NULL,
    high          BIGINT NOT NULL,
    article_count BIGINT NOT NULL,
    created       BIGINT NOT NULL,
    creator       VARCHAR(250) NOT NULL,
    CONSTRAINT newsgroup_name UNIQUE (name)
);

-- The high water mark of removed groups, so a re-created group never reuses a number.
CREATE TABLE retired_group (
    name VARCHAR(250) PRIMARY KEY,
    high BIGINT NOT NULL
);

-- The article bytes live in the article log (data/articles/*.seg): wire form, CRLF,
-- dot-stuffed, without the final "."; the row says where.
CREATE TABLE article (
    id           BIGINT PRIMARY KEY,
    message_id   VARCHAR(250) NOT NULL,
    segment      INT NOT NULL,
    wire_offset  BIGINT NOT NULL,
    wire_length  INT NOT NULL,
    body_offset  INT NOT NULL,                   -- first body octet, from wire_offset
    arrived      BIGINT NOT NULL,
    posted       BIGINT NOT NULL,
    distribution VARCHAR(1000)
);
CREATE INDEX article_arrived ON article (arrived);

-- One row per (group, number): an article crossposted to three carried groups has three.
-- Where the article's bytes are is repeated here so ARTICLE by number is one key lookup.
CREATE TABLE group_article (
    group_id    INT NOT NULL,
    number      BIGINT NOT NULL,
    article_id  BIGINT NOT NULL,
    message_id  VARCHAR(250) NOT NULL,
    segment     INT NOT NULL,
    wire_offset BIGINT NOT NULL,
    wire_length INT NOT NULL,
    body_offset INT NOT NULL,
    overview    VARBINARY(100000) NOT NULL,       -- the OVER line after the number (RFC 3977 §8.3)
    PRIMARY KEY (group_id, number)
);
CREATE INDEX group_article_article ON group_article (article_id);

-- How far the article log is applied; written in every write transaction, so after a
-- crash the log is replayed from exactly where the surviving database state ends.
CREATE TABLE store_state (
    id          INT PRIMARY KEY,
    log_segment INT NOT NULL,
    log_offset  BIGINT NOT NULL
);
INSERT INTO store_state (id, log_segment, log_offset) VALUES (1, 1, 0);

-- Every Message-ID this node has seen, with what became of it (RFC 5537 §3.4 duplicates).
CREATE TABLE history (
    message_id VARCHAR(250) PRIMARY KEY,
    state      CHAR(1) NOT NULL,                 -- A accepted, R rejected, C cancelled, E expired/removed
    arrived    BIGINT NOT NULL,
    posted     BIGINT NOT NULL,
    article_id BIGINT
);
