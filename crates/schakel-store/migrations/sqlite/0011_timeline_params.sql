-- A timeline entry keeps what happened as an event with parameters (JSON, `schakel_domain::timeline`), so it is
-- told in the reader's language. Older entries keep only their Dutch sentence (`summary`) and show it as it is.
ALTER TABLE case_events ADD COLUMN params TEXT NOT NULL DEFAULT '';
