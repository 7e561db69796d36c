-- Ads (src/ads/invoices.ts): an invoice per advertiser and calendar month (UTC), made by the ads
-- worker once the month is over, from the billable spend of that month (ad_spend), one line per
-- campaign. Never changed once made: spend recorded after it belongs to the month it is billed in.

create sequence ad_invoice_numbers;

create table ad_invoices (
  id uuid primary key,
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  -- The month: [period_start, period_end), first instants of two months in UTC.
  period_start timestamptz not null,
  period_end timestamptz not null,
  number text not null unique,
  currency text not null,
  -- Exact total in milli, and in minor units rounded half up (what the document states as due).
  amount_milli bigint not null check (amount_milli >= 0),
  amount_minor bigint not null check (amount_minor >= 0),
  -- Money put on the balance during the month (top-ups and credits), minor units.
  credited_minor bigint not null default 0,
  created_at timestamptz not null default now(),
  unique (advertiser_id, period_start),
  check (period_end > period_start)
);
create index ad_invoices_advertiser on ad_invoices (advertiser_id, period_start desc, id desc);

create table ad_invoice_lines (
  invoice_id uuid not null references ad_invoices (id) on delete cascade,
  campaign_id uuid not null,
  campaign_name text not null,
  impressions bigint not null,
  clicks bigint not null,
  amount_milli bigint not null,
  primary key (invoice_id, campaign_id)
);

-- The month's spend of one advertiser is read through this index (not a scan of all spend).
create index ad_spend_advertiser_time on ad_spend (advertiser_id, occurred_at);
