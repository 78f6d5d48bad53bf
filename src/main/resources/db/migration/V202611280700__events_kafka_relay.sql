-- The Kafka relay's durable cursor, one row per topic prefix: every outbox event with id <= published_through
-- has been acknowledged by the broker (acks=all), so after a restart the relay re-sends only what follows it.
CREATE TABLE kafka_relay_cursor (
    topic_prefix       VARCHAR(200) PRIMARY KEY,
    published_through  BIGINT       NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
