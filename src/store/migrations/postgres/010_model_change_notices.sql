-- Change notices for the prediction caches (store/change_feed.h): a committed change of a
-- family's production model (promotion, rollback: the stage or promotion number of a row
-- moves, or a production row is inserted or deleted) sends "model:<family>" on oiis_changes,
-- so every other process drops that family's cached predictions at once instead of serving
-- them until they expire. The predictions themselves are replaced in the same transaction
-- (pg_model_tables.cpp make_production), so a listener that reloads after the notice reads the
-- new ones. PostgreSQL folds identical notices of one transaction into one.
CREATE FUNCTION oiis_notify_model_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.stage = 'production')
     OR (TG_OP = 'DELETE' AND OLD.stage = 'production')
     OR (TG_OP = 'UPDATE' AND (OLD.stage IS DISTINCT FROM NEW.stage
                               OR OLD.promotion IS DISTINCT FROM NEW.promotion)) THEN
    PERFORM pg_notify('oiis_changes', 'model:' || COALESCE(NEW.family, OLD.family));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER model_versions_change_notice AFTER INSERT OR UPDATE OR DELETE ON model_versions
  FOR EACH ROW EXECUTE FUNCTION oiis_notify_model_change();
