-- A school's consultation request (issue 11, item 9): the school's question is kept apart from the worker's
-- advice, and the request is open until the worker answers and closes it. Consultations a worker records
-- have no question and are never open.
ALTER TABLE consultations ADD COLUMN question TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN closed_on TEXT;
