-- Two group-activity kinds of one organisation never share a name (issue 13, ADR 019 addendum). The use case
-- compares names before writing, but two admins renaming or adding at the same moment both passed that check;
-- this index decides. Case is folded with lower() (ASCII in SQLite; the use case's own check folds all letters).
-- Names already shared (the race could have made them since 0022) are told apart by their code first, so the
-- index can be built; the oldest kind keeps its name.
UPDATE taxonomy_terms SET label = label || ' (' || code || ')'
    WHERE taxonomy = 'group_activity_kind'
      AND id NOT IN (SELECT MIN(id) FROM taxonomy_terms WHERE taxonomy = 'group_activity_kind'
                     GROUP BY organisation_id, lower(label));
CREATE UNIQUE INDEX taxonomy_terms_group_kind_label
    ON taxonomy_terms (organisation_id, lower(label))
    WHERE taxonomy = 'group_activity_kind';
