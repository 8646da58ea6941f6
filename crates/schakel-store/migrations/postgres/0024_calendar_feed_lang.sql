-- A calendar feed speaks the language its owner read Schakel in when they made it (issue 13, "English feed
-- texts"; ADR 021): the feed is fetched without a session or cookie, so the language is kept with the feed.
-- Feeds made before are Dutch, as they were.
ALTER TABLE calendar_feeds ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl';
