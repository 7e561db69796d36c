-- A creator's payout schedule, as Stripe has it on their connected account (mirrored from
-- `account.updated`; set with PUT /v1/creators/me/payouts/schedule): daily, weekly on a weekday,
-- monthly on a day, or manual.
alter table connect_accounts add column payout_interval text not null default 'daily'
  check (payout_interval in ('daily', 'weekly', 'monthly', 'manual'));
alter table connect_accounts add column payout_weekly_anchor text;
alter table connect_accounts add column payout_monthly_anchor integer check (payout_monthly_anchor between 1 and 31);
