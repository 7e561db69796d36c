-- Durable jobs (src/jobs): one row per job, the record of truth; the job's message rides the
-- outbox into the JetStream work queue `jobs`, and the worker that takes it claims the row.

create table jobs (
  id uuid primary key,
  kind text not null,
  owner_id uuid references users (id) on delete set null,
  payload jsonb not null,
  -- queued: waiting (first run or a retry); running: claimed by `run_token`; succeeded; failed:
  -- every attempt failed (or the input was refused): the dead letter an admin may retry.
  state text not null check (state in ('queued', 'running', 'succeeded', 'failed')),
  attempts int not null default 0,
  max_attempts int not null check (max_attempts > 0),
  progress smallint not null default 0 check (progress between 0 and 100),
  stage text,
  last_error text,
  result jsonb,
  -- The attempt that holds the job; a result is recorded only under the token that claimed it,
  -- so an attempt that lost the job (its worker was presumed dead) cannot record it twice.
  run_token uuid,
  -- Until when the attempt holding the job is known to be alive (renewed by its heartbeats). A
  -- redelivered message takes a running job over only once this has passed.
  lease_until timestamptz,
  -- When a queued retry becomes due (informational: JetStream redelivers it then).
  run_after timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);

create index jobs_by_state on jobs (state, updated_at desc, id);
create index jobs_by_owner on jobs (owner_id, created_at desc) where owner_id is not null;
