-- Documents in a case file: stored in the database (backed up with it), type checked by content, size limited.
CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id);
