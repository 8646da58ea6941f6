-- Two group-activity kinds of one organisation never share a name (issue 13, ADR 019 addendum). The use case
-- compares names before writing, but two admins renaming or adding at the same moment both passed that check;
-- this index decides. Case is folded with lower() (ASCII in SQLite; the use case's own check folds all letters).
CREATE UNIQUE INDEX taxonomy_terms_group_kind_label
    ON taxonomy_terms (organisation_id, lower(label))
    WHERE taxonomy = 'group_activity_kind';
