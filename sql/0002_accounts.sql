-- Accounts, sessions and the tokens around them (src/auth).

create table users (
  id uuid primary key,
  username text not null,
  email text not null,
  -- argon2id (PHC string); null for accounts created through a social login only.
  password_hash text,
  email_verified_at timestamptz,
  role text not null default 'user' check (role in ('user', 'creator', 'moderator', 'admin')),
  status text not null default 'active' check (status in ('active', 'suspended', 'banned')),
  status_reason text,
  -- For a suspension: when it ends (null while active or banned).
  suspended_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Unique without regard to case; the stored spelling is kept for display.
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- One signed-in device. Refresh tokens of a session form its family: a reused one revokes it.
create table sessions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text
);
create index sessions_user_active on sessions (user_id) where revoked_at is null;

-- Opaque refresh tokens, stored as SHA-256 hashes; each is used once and replaced.
create table refresh_tokens (
  token_hash bytea primary key,
  session_id uuid not null references sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index refresh_tokens_session on refresh_tokens (session_id);

-- Single-use links sent by mail (e-mail verification, password reset), stored hashed.
create table account_tokens (
  token_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('email_verify', 'password_reset')),
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index account_tokens_user on account_tokens (user_id, purpose);

-- HMAC keys for access tokens, by key id. The newest signs; older ones verify until retired.
create table signing_keys (
  kid text primary key,
  secret bytea not null,
  created_at timestamptz not null default now()
);

-- Mail waiting to be sent by a worker, written in the transaction that caused it.
create table mail_queue (
  id uuid primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  kind text not null,
  created_at timestamptz not null default now(),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  failed_at timestamptz
);
create index mail_queue_due on mail_queue (next_attempt_at) where sent_at is null and failed_at is null;

create function mail_queue_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('mail_queue', '');
  return null;
end;
$$;

create trigger mail_queue_notify after insert on mail_queue
  for each statement execute function mail_queue_notify();
