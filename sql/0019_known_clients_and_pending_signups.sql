-- Clients that signed in to an account before (src/auth/known-clients.ts). A correct password from
-- one of them passes while failed attempts by strangers have paused sign-in to the account name.

-- A random device token handed out at each sign-in and presented at the next, stored hashed.
create table login_devices (
  token_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now()
);
create index login_devices_user on login_devices (user_id, last_used_at);

-- The addresses an account signed in from, signed out sessions included.
create index sessions_user_ip on sessions (user_id, ip, created_at);

-- When the owner was last mailed that sign-in was paused: at most one such mail a day.
alter table users add column lock_notified_at timestamptz;

-- Sign-ups waiting for their address to be confirmed (src/auth/registrations.ts). The account is
-- made only from the mailed link, so a sign-up's answer never says whether the address was taken.
create table pending_registrations (
  token_hash bytea primary key,
  username text not null,
  email text not null,
  password_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index pending_registrations_expires on pending_registrations (expires_at);
