-- Payments (src/payments): the double-entry ledger, Stripe's webhook events, memberships (tiers,
-- offers, subscriptions), tips, Connect accounts, and who may see what (`audience`).

-- One money movement: balanced entries (per currency they sum to zero). `reference` makes a
-- posting idempotent: the same Stripe object is never booked twice.
create table ledger_transactions (
  id uuid primary key,
  kind text not null,
  reference text not null unique,
  memo text,
  created_at timestamptz not null default now()
);

-- Amounts in minor units: debits positive, credits negative. Never updated nor deleted.
create table ledger_entries (
  id bigint generated always as identity primary key,
  transaction_id uuid not null references ledger_transactions (id),
  account text not null check (account ~ '^[a-z_]+(:[a-z0-9_-]+)*$'),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  amount bigint not null check (amount <> 0),
  created_at timestamptz not null default now()
);
create index ledger_entries_account on ledger_entries (account, currency, created_at);
create index ledger_entries_transaction on ledger_entries (transaction_id);

-- The running balance of each account (kept in the same transaction as its entries; the invariant
-- check compares it with the sum of the entries).
create table ledger_balances (
  account text not null,
  currency text not null,
  balance bigint not null,
  primary key (account, currency)
);

create function ledger_entries_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'ledger entries are never updated nor deleted (post a correcting transaction)';
end $$;
create trigger ledger_entries_immutable before update or delete on ledger_entries
  for each row execute function ledger_entries_immutable();
create trigger ledger_transactions_immutable before update or delete on ledger_transactions
  for each row execute function ledger_entries_immutable();

-- Stripe's webhook events, each handled once by its id, with its outcome.
create table stripe_events (
  id text primary key,
  type text not null,
  -- The object the event is about, and Stripe's time of the event (ordering per object).
  object_id text,
  stripe_created timestamptz not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'processed', 'failed', 'ignored')),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
create index stripe_events_retry on stripe_events (next_attempt_at) where status = 'pending';
create index stripe_events_failed on stripe_events (received_at, id) where status = 'failed';

-- The Stripe customer of an account.
create table payment_customers (
  user_id uuid primary key references users (id),
  stripe_customer_id text not null unique
);

-- A creator's Stripe Connect (Express) account, mirrored from account.updated.
create table connect_accounts (
  creator_id uuid primary key references users (id),
  stripe_account_id text not null unique,
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  updated_at timestamptz not null default now()
);

create table membership_tiers (
  id uuid primary key,
  creator_id uuid not null references users (id),
  name text not null,
  description text,
  currency text not null,
  monthly_amount bigint not null check (monthly_amount > 0),
  yearly_amount bigint check (yearly_amount > 0),
  benefits jsonb not null default '[]',
  trial_days integer not null default 0,
  stripe_product_id text not null,
  monthly_price_id text not null,
  yearly_price_id text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index membership_tiers_creator on membership_tiers (creator_id, monthly_amount);
-- Every price a tier had: a subscription names the price it pays (old ones too).
create table membership_prices (
  stripe_price_id text primary key,
  tier_id uuid not null references membership_tiers (id),
  interval text not null check (interval in ('month', 'year')),
  amount bigint not null
);

create table membership_offers (
  id uuid primary key,
  tier_id uuid not null references membership_tiers (id),
  creator_id uuid not null references users (id),
  stripe_coupon_id text not null,
  percent_off integer,
  amount_off bigint,
  duration text not null check (duration in ('once', 'repeating', 'forever')),
  duration_in_months integer,
  max_redemptions integer,
  created_at timestamptz not null default now()
);

-- Subscriptions as Stripe says they are (from verified webhooks only). `stripe_updated` is the
-- time of the event the row was last written from: an older event never overwrites a newer one.
create table subscriptions (
  id uuid primary key,
  stripe_subscription_id text not null unique,
  subscriber_id uuid not null references users (id),
  creator_id uuid not null references users (id),
  tier_id uuid not null references membership_tiers (id),
  interval text not null,
  status text not null,
  current_period_end timestamptz not null,
  cancel_at_period_end boolean not null default false,
  stripe_updated timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_subscriber on subscriptions (subscriber_id, creator_id);
create index subscriptions_creator on subscriptions (creator_id, created_at, id);

create table tips (
  id uuid primary key,
  stripe_payment_intent_id text not null unique,
  sender_id uuid not null references users (id),
  creator_id uuid not null references users (id),
  amount bigint not null,
  currency text not null,
  fee bigint not null,
  subject_kind text check (subject_kind in ('post', 'video', 'stream')),
  subject_id uuid,
  message text,
  status text not null default 'pending',
  created_at timestamptz not null default now(),
  paid_at timestamptz
);
create index tips_creator on tips (creator_id, created_at);

-- Who may see a post, video or live stream: everyone, or subscribers (of a tier and above).
alter table posts add column audience text not null default 'public' check (audience in ('public', 'subscribers'));
alter table posts add column audience_tier_id uuid references membership_tiers (id);
alter table videos add column audience text not null default 'public' check (audience in ('public', 'subscribers'));
alter table videos add column audience_tier_id uuid references membership_tiers (id);
alter table live_streams add column audience text not null default 'public' check (audience in ('public', 'subscribers'));
alter table live_streams add column audience_tier_id uuid references membership_tiers (id);
