-- One row counting committed write transactions: the write queue bumps it in every group it
-- commits and the bulk writer in its transaction, so Store::data_version() is one row read.
CREATE TABLE data_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
