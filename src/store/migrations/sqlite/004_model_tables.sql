-- MLOps (store/model_tables.h): the model registry's metadata, jobs, prediction tables and
-- monitoring reports. Artefacts live in the data directory; these rows point at them.
CREATE TABLE model_versions (
  id                INTEGER PRIMARY KEY,
  family            TEXT NOT NULL,
  version           INTEGER NOT NULL,
  stage             TEXT NOT NULL,
  params_json       TEXT NOT NULL,
  metrics_json      TEXT NOT NULL,
  data_fingerprint  TEXT NOT NULL,
  model_fingerprint TEXT NOT NULL,
  code_version      TEXT NOT NULL,
  artefact          TEXT NOT NULL,
  data_date         TEXT NOT NULL,
  created_at        INTEGER NOT NULL,
  note              TEXT NOT NULL DEFAULT '',
  -- 1, 2, ... per family in the order versions were made production (NULL: never was), so
  -- a rollback returns to the one production before the current.
  promotion         INTEGER,
  UNIQUE (family, version)
);
-- At most one production version per family, whatever a caller does.
CREATE UNIQUE INDEX model_versions_one_production ON model_versions (family)
  WHERE stage = 'production';

CREATE TABLE jobs (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  family        TEXT NOT NULL,
  status        TEXT NOT NULL,
  progress      REAL NOT NULL DEFAULT 0,
  message       TEXT NOT NULL DEFAULT '',
  model_version INTEGER,
  owner         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  started_at    INTEGER,
  finished_at   INTEGER,
  heartbeat_at  INTEGER NOT NULL
);

CREATE TABLE predictions (
  family        TEXT NOT NULL,
  entity        TEXT NOT NULL,
  model_version INTEGER NOT NULL,
  data_date     TEXT NOT NULL,
  payload_json  TEXT NOT NULL,
  PRIMARY KEY (family, entity)
) WITHOUT ROWID;

CREATE TABLE monitor_reports (
  id            INTEGER PRIMARY KEY,
  family        TEXT NOT NULL,
  model_version INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  alert         INTEGER NOT NULL,
  report_json   TEXT NOT NULL
);
CREATE INDEX monitor_reports_family ON monitor_reports (family, id);
