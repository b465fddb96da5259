-- newsnode schema version 3: expiry.
-- When an article's Expires header (within the configured bounds) says it goes, epoch ms.
ALTER TABLE article ADD COLUMN expires BIGINT;
-- History rows are purged by age once the remember window has passed.
CREATE INDEX history_arrived ON history (arrived);
