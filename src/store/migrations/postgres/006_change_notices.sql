-- Change notices for the caches of several `oiis serve` processes on one database
-- (store/change_feed.h): a committed change to a row some process may have cached sends
-- "<kind>:<key>" on channel oiis_changes. NOTIFY is transactional, so a listener hears it only
-- once the change is visible, and triggers catch every writer (another process, the CLI,
-- hand-written SQL). Inserts send nothing: no cache holds a row that did not exist.
-- TG_ARGV: the notice's kind, then the column naming the row. A key too long for a NOTIFY
-- payload (8000 bytes) is sent empty: "drop every cached row of this kind".
CREATE FUNCTION oiis_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k TEXT := to_jsonb(OLD) ->> TG_ARGV[1];
BEGIN
  IF octet_length(k) > 7000 THEN
    k := '';
  END IF;
  PERFORM pg_notify('oiis_changes', TG_ARGV[0] || ':' || k);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_change_notice AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION oiis_notify_change('api_key', 'key_hash');
CREATE TRIGGER products_change_notice AFTER UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION oiis_notify_change('product', 'sku');