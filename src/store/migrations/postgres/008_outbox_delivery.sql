-- How far each outbox relay (services/outbox_relay.h) has handed events to a stream: the id of
-- the last outbox event the stream confirmed. Advanced only after the confirmation and never
-- moved back, so a relay that dies between publishing and recording publishes again (the
-- stream drops the repeat by the event's id).
CREATE TABLE outbox_delivery (
  relay        TEXT   PRIMARY KEY,
  delivered_to BIGINT NOT NULL DEFAULT 0
);
