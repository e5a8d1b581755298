-- users-cdc's own bookkeeping: one row per replication slot whose initial snapshot reached Kafka.
-- A slot without a row here was created but its snapshot was interrupted, so it is recreated.
-- Not part of the publication, so writing it never produces a users.v1 record.
CREATE TABLE users_cdc_snapshots (
  slot_name         text PRIMARY KEY,
  consistent_point  pg_lsn NOT NULL,
  rows              bigint NOT NULL,
  completed_at      timestamptz NOT NULL DEFAULT now()
);
