-- Ads and payments (src/ads): prepaid balances topped up through Stripe Checkout, spend posted to
-- the double-entry ledger, and membership tiers that remove ads for their subscribers.

-- A top-up: a Checkout Session (mode=payment) for an amount of the advertiser's currency; paid
-- once the verified `payment_intent.succeeded` arrives (the balance credited then, exactly once).
create table ad_top_ups (
  id uuid primary key,
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  checkout_session_id text unique,
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null,
  status text not null default 'pending' check (status in ('pending', 'paid')),
  charge_id text unique,
  created_at timestamptz not null default now(),
  paid_at timestamptz
);
create index ad_top_ups_advertiser on ad_top_ups (advertiser_id, created_at desc, id desc);

-- A Stripe charge credits a balance once.
create unique index ad_credits_top_up on ad_credits (reference) where source = 'top_up';

-- Spend not yet in the ledger: posted in batches by the ads worker (off the serving path), which
-- marks the rows it booked in the same transaction.
alter table ad_spend add column posted boolean not null default false;
create index ad_spend_unposted on ad_spend (id) where not posted;

-- Ledger amounts are whole minor units; spend is in milli. What each account accrued below one
-- minor unit waits here for the next batch (the platform's revenue takes the rounding).
create table ad_ledger_carry (
  account text not null,
  currency text not null,
  milli bigint not null,
  primary key (account, currency)
);

-- A tier whose subscribers see no ads on the creator's pages and before the creator's videos.
alter table membership_tiers add column ad_free boolean not null default false;
