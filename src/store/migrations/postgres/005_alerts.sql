-- Stored alerts (store/alert_tables.h): what the anomaly scans found, with a status people move
-- on (open, acknowledged, resolved). A fingerprint keeps a rescan from adding an alert twice.
CREATE TABLE alerts (
  id          BIGSERIAL PRIMARY KEY,
  type        TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL UNIQUE,
  severity    TEXT    NOT NULL,
  status      TEXT    NOT NULL DEFAULT 'open',
  title       TEXT    NOT NULL,
  detail      TEXT    NOT NULL DEFAULT '',
  check_hint  TEXT    NOT NULL DEFAULT '',
  score       DOUBLE PRECISION    NOT NULL DEFAULT 0,
  reasons     TEXT    NOT NULL DEFAULT '[]',
  record_kind TEXT    NOT NULL DEFAULT '',
  record_id   BIGINT NOT NULL DEFAULT 0,
  record_key  TEXT    NOT NULL DEFAULT '',
  occurred_at BIGINT NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  updated_by  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX alerts_status ON alerts (status, id);
CREATE INDEX alerts_record ON alerts (record_kind, record_id);
