-- SMW plus within the iJw rules (issue 11.5, RULES.md §10): a decision names a product category of the national
-- list, a volume with its unit and a provider of the referral directory; the team lead may refuse it, with a
-- reason the worker reads. The longest period of a decision is the organisation's setting (one year by default).
-- Decisions recorded before this migration keep their text and get empty new fields.
ALTER TABLE organisations ADD COLUMN mandate_max_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE mandate_decisions ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE mandate_decisions ADD COLUMN volume INTEGER;
ALTER TABLE mandate_decisions ADD COLUMN volume_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE mandate_decisions ADD COLUMN provider_id INTEGER REFERENCES referral_targets(id);
ALTER TABLE mandate_decisions ADD COLUMN refused_by INTEGER REFERENCES users(id);
ALTER TABLE mandate_decisions ADD COLUMN refused_on TEXT;
ALTER TABLE mandate_decisions ADD COLUMN refusal_reason TEXT NOT NULL DEFAULT '';
-- The team lead's home page asks for the decisions that wait.
CREATE INDEX mandate_decisions_status ON mandate_decisions (status, case_id);
