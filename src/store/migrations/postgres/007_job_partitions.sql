-- Partitioned batch jobs (store/job_partitions.h): a job (forecast the catalogue, ...) split
-- into partitions that worker processes claim with a lease. lease_token grows with every
-- claim of a partition and is the fencing token: a result is accepted only from the holder of
-- the current token, so a worker that stalled past its lease and was replaced cannot also
-- finish the partition. Lease times are the database's clock (ms), never a worker's.
CREATE TABLE batch_jobs (
  id          BIGSERIAL PRIMARY KEY,
  kind        TEXT    NOT NULL,
  params_json TEXT    NOT NULL,
  partitions  INTEGER NOT NULL,
  created_at  BIGINT  NOT NULL
);

CREATE TABLE job_partitions (
  job_id         BIGINT  NOT NULL REFERENCES batch_jobs (id),
  part           INTEGER NOT NULL,
  status         TEXT    NOT NULL DEFAULT 'pending',  -- pending, leased, done
  lease_owner    TEXT    NOT NULL DEFAULT '',
  lease_token    BIGINT  NOT NULL DEFAULT 0,
  lease_until_ms BIGINT  NOT NULL DEFAULT 0,
  claims         INTEGER NOT NULL DEFAULT 0,
  result_json    TEXT    NOT NULL DEFAULT '',
  done_by        TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (job_id, part)
);
CREATE INDEX job_partitions_open ON job_partitions (job_id, part) WHERE status <> 'done';
