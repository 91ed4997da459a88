-- The assistant (store/agent_tables.h): conversation threads and their graph checkpoints,
-- JSON bodies written by agents/ (deltas, with a full snapshot now and then).
CREATE TABLE agent_threads (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL DEFAULT '',
  owner      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agent_threads_updated ON agent_threads (updated_at);

CREATE TABLE agent_checkpoints (
  thread TEXT    NOT NULL,
  seq    INTEGER NOT NULL,
  body   TEXT    NOT NULL,
  PRIMARY KEY (thread, seq)
) WITHOUT ROWID;

-- A step's finished node outputs, recorded before the step's checkpoint.
CREATE TABLE agent_writes (
  thread     TEXT    NOT NULL,
  checkpoint INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  PRIMARY KEY (thread, checkpoint, seq)
) WITHOUT ROWID;
