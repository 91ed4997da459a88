-- The data version (Store::data_version): sum(version) grows by at least one with every
-- committed transaction that writes a table below, counted by statement-level triggers in
-- that transaction, so every write path (COPY, other processes, hand-written SQL) bumps it.
-- One row would make all concurrent writers queue on its lock until they commit; a writer
-- bumps only its backend's shard, and only once per transaction (a transaction-local flag).
CREATE TABLE data_version (
  shard   INTEGER PRIMARY KEY,
  version BIGINT  NOT NULL
);
INSERT INTO data_version (shard, version) SELECT s, 0 FROM generate_series(0, 63) AS s;

CREATE FUNCTION oiis_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('oiis.data_version_bumped', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('oiis.data_version_bumped', 'on', true);
    UPDATE data_version SET version = version + 1 WHERE shard = pg_backend_pid() % 64;
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['suppliers', 'products', 'customers', 'locations', 'orders',
                           'order_lines', 'stock_levels', 'purchase_orders',
                           'purchase_order_lines', 'stock_movements', 'price_changes',
                           'outbox_events', 'api_keys'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION oiis_bump_data_version()',
                   t || '_data_version', t);
  END LOOP;
END
$$;
