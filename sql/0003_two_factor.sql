-- Two-factor sign-in (RFC 6238 TOTP) with single-use recovery codes.
alter table users
  -- Base32 secret; set by setup, in force once enabled_at is set.
  add column totp_secret text,
  add column totp_enabled_at timestamptz,
  -- The last time step accepted: a code is never accepted twice.
  add column totp_last_step bigint;

create table recovery_codes (
  code_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index recovery_codes_user on recovery_codes (user_id);
