-- The identifiers an iJw allocation (JW301) needs that Schakel did not record (issue 11, ADR 033): the child's BSN,
-- the provider's AGB code and the product code, each optional, entered with an SMW-plus decision. In a table of
-- their own so that only the allocation export and the decision's own page read them: the case file, its lists
-- and the API's case reads never carry the BSN.
CREATE TABLE mandate_allocation_ids (
    decision_id BIGINT PRIMARY KEY REFERENCES mandate_decisions(id) ON DELETE CASCADE,
    bsn TEXT NOT NULL DEFAULT '',
    agb_code TEXT NOT NULL DEFAULT '',
    product_code TEXT NOT NULL DEFAULT ''
);
