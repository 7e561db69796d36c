-- Analytics of memberships and revenue (src/analytics/revenue.ts).

-- Each membership as analytics learnt it from the payments' domain events (membership.started,
-- .updated, .ended): who it pays, how much per month (a yearly price over 12), from when to when.
-- Members, MRR, ARPU and churn at any instant of a range are read from here; money received from
-- the ledger.
create table analytics_memberships (
  subscription_id uuid primary key,
  creator_id uuid not null,
  currency text not null,
  monthly_amount bigint not null,
  started_at timestamptz not null,
  ended_at timestamptz
);
create index analytics_memberships_creator on analytics_memberships (creator_id, started_at);
create index analytics_memberships_started on analytics_memberships (started_at);

-- Ad revenue by creator (their share of pre-rolls) and over time (the platform's), read by ranges.
create index ad_spend_creator_time on ad_spend (creator_id, occurred_at) where creator_id is not null;
create index ad_spend_time on ad_spend (occurred_at);
