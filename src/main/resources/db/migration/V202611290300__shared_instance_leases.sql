-- Several hub instances on one database (docs/instances.md).
--
-- A lease names one piece of background work (the dispatcher, the Kafka relay, a janitor, an import) that exactly one
-- instance may do at a time. It is taken and renewed by a conditional UPDATE: by its holder, or by anyone once it has
-- expired (the database's clock judges). token grows each time the lease changes hands: a cursor saved "under" a
-- lease checks holder and token, so a holder that lost its lease cannot write any more.
CREATE TABLE instance_lease (
    name         VARCHAR(200) PRIMARY KEY,
    holder       VARCHAR(200) NOT NULL,
    token        BIGINT       NOT NULL,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row, locked (SELECT ... FOR UPDATE) by every transaction just before it takes ids from a sequence that readers
-- follow "after a cursor" (outbox_event.id, availability_change.seq) and held until it commits: ids then commit in
-- id order across instances, so a reader that has seen id N never later sees a smaller one appear.
CREATE TABLE commit_order (
    id  INT PRIMARY KEY
);
INSERT INTO commit_order (id) VALUES (1);
