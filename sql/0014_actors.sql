-- Actors (actors/): each actor's persisted state, fenced by the lease that let it be written.

create table actor_state (
  kind text not null,
  id text not null,
  state jsonb not null,
  -- The revision of the partition lease (JetStream KV) under which the state was last claimed or
  -- written. A write with a smaller fence comes from a worker that lost the partition: refused.
  fence bigint not null,
  updated_at timestamptz not null default now(),
  primary key (kind, id)
);

-- Who may see whether an account is online (src/presence): mutual followers by default.
alter table users add column presence_visibility text not null default 'mutuals'
  check (presence_visibility in ('everyone', 'mutuals', 'nobody'));
