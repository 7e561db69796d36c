-- Revenue of monetized claims (src/copyright/revenue.ts): each share of a claimed video's or
-- stream's earnings booked in the payments ledger to the holder (or held in `copyright:escrow`
-- while the claim is disputed), with its ledger transaction.
create table copyright_revenue (
  id uuid primary key,
  claim_id uuid not null references copyright_claims (id) on delete cascade,
  -- What earned it ('charge:<Stripe charge id>' for a tip).
  source text not null,
  amount bigint not null check (amount > 0),
  currency text not null,
  held boolean not null,
  -- A held share once the dispute is decided: paid to the holder, or given back to the uploader.
  settled text check (settled in ('holder', 'uploader')),
  ledger_transaction_id uuid not null references ledger_transactions (id),
  created_at timestamptz not null default now(),
  unique (claim_id, source)
);
create index copyright_revenue_held on copyright_revenue (claim_id) where held and settled is null;
