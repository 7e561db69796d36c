-- Accounts at social sign-in providers (Google, Apple, Facebook) linked to ours.
create table user_identities (
  provider text not null check (provider in ('google', 'apple', 'facebook')),
  -- The provider's stable id of the person (OpenID `sub`, Facebook's app-scoped id).
  subject text not null,
  user_id uuid not null references users (id) on delete cascade,
  email text,
  created_at timestamptz not null default now(),
  primary key (provider, subject)
);
-- One account of each provider per user.
create unique index user_identities_user_provider on user_identities (user_id, provider);
