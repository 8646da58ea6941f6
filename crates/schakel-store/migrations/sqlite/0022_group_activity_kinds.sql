-- Group-activity kinds become a list per organisation (issue 13 item 1, ADR 019 addendum), kept in
-- taxonomy_terms like signals and goal themes. A kind is shown to English readers too, so a term gets an English
-- label; empty means "the Dutch label" (signals and goal themes keep their own rule for English, ADR 013).
ALTER TABLE taxonomy_terms ADD COLUMN label_en TEXT NOT NULL DEFAULT '';
