-- The status monitoring last published per row (flow, system, location; '' = all locations), so a status
-- change is alerted once, across restarts and across hub instances sharing the database.
CREATE TABLE monitoring_flow_status (
    flow           VARCHAR(64)  NOT NULL,
    system_name    VARCHAR(64)  NOT NULL,
    location       VARCHAR(64)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    reason         VARCHAR(500),
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (flow, system_name, location)
);

-- How far monitoring has read the outbox (one row, name 'outbox'), and since when it has watched: a row never
-- heard from is quiet since then, across restarts.
CREATE TABLE monitoring_cursor (
    name            VARCHAR(32) PRIMARY KEY,
    outbox_id       BIGINT      NOT NULL,
    watching_since  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
