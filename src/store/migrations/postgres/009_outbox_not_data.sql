-- An outbox event is not business data: it describes a change, and every change it describes
-- already bumps the data version through its own table's trigger (orders, stock, purchase
-- orders). Alerts (alert.raised) are written to the outbox with no business table touched, and
-- must not change Store::data_version (store/alert_tables.h): the forecast caches keyed by it
-- would be thrown away by every alert scan. SQLite's writer already leaves the version alone
-- for alert writes (marks_data = false).
DROP TRIGGER outbox_events_data_version ON outbox_events;
