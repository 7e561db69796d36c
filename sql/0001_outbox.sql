-- The transactional outbox: domain events written in the same transaction as the change that
-- caused them. The relay (src/platform/bus/outbox-relay.ts) publishes them to JetStream in `seq`
-- order, de-duplicated by `event_id`, and deletes what it published.
create table outbox (
  seq bigint generated always as identity primary key,
  event_id uuid not null unique,
  subject text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

-- Wakes the relay as soon as a transaction that wrote events commits (NOTIFY is sent on commit).
create function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('outbox', '');
  return null;
end;
$$;

create trigger outbox_notify after insert on outbox
  for each statement execute function outbox_notify();
