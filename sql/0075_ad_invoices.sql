-- Ads (src/ads/invoices.ts): an invoice per advertiser and calendar month (UTC), made by the ads
-- worker once the month is over, from the billable spend of that month (ad_spend), one line per
-- campaign. Never changed once made: spend recorded after it belongs to the month it is billed in.
-- Prepaid advertisers paid it from their balance as they spent; advertisers an administrator
-- approved for monthly invoicing spend up to a credit limit beyond their balance and are sent the
-- invoice through Stripe, whose payment is credited to the balance.

alter table ad_credits drop constraint ad_credits_source_check;
alter table ad_credits add constraint ad_credits_source_check
  check (source in ('admin', 'top_up', 'invoice'));
-- A Stripe invoice credits a balance once.
create unique index ad_credits_invoice on ad_credits (reference) where source = 'invoice';

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
  -- balance: paid from the prepaid balance; stripe: sent through Stripe (draft until sent, open
  -- until its payment's webhook, then paid).
  collection text not null check (collection in ('balance', 'stripe')),
  status text not null check (status in ('draft', 'open', 'paid')),
  stripe_invoice_id text unique,
  hosted_url text,
  paid_at timestamptz,
  created_at timestamptz not null default now(),
  unique (advertiser_id, period_start),
  check (period_end > period_start)
);
create index ad_invoices_advertiser on ad_invoices (advertiser_id, period_start desc, id desc);
create index ad_invoices_to_send on ad_invoices (created_at) where status = 'draft';

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

-- The balance and the credit limit (sql/0074) together are what may be spent: ad_charge of
-- sql/0072 with balance_milli + credit_limit_milli in place of balance_milli.
drop function ad_charge(uuid, bigint, bigint, date, text, integer, uuid, text, uuid, integer, text, uuid);
create function ad_charge(
  p_campaign uuid, p_price bigint, p_need bigint, p_day date, p_viewer text, p_cap integer,
  p_serving uuid, p_kind text, p_creator uuid, p_creator_percent integer, p_country text,
  p_video uuid default null
) returns bigint language plpgsql as $$
declare
  v_advertiser uuid;
  v_day bigint;
  v_count integer;
begin
  perform set_config('synchronous_commit', 'off', true);
  select advertiser_id into v_advertiser from ad_campaigns where id = p_campaign;
  if not found then return -1; end if;
  if p_price > 0 then
    update advertisers set balance_milli = balance_milli - p_price
      where id = v_advertiser and balance_milli + credit_limit_milli >= p_price;
    if not found then return -1; end if;
  end if;
  update ad_campaigns
    set spent_milli = spent_milli + p_price,
        spent_day_milli = (case when spend_day = p_day then spent_day_milli else 0 end) + p_price,
        spend_day = p_day
    where id = p_campaign and state = 'active' and starts_at <= now()
      and (ends_at is null or ends_at > now())
      and spent_milli + greatest(p_price, p_need) <= total_budget_minor * 1000
      and (case when spend_day = p_day then spent_day_milli else 0 end) + greatest(p_price, p_need)
          <= daily_budget_minor * 1000
    returning spent_day_milli into v_day;
  if not found then
    if p_price > 0 then
      update advertisers set balance_milli = balance_milli + p_price where id = v_advertiser;
    end if;
    return -1;
  end if;
  if p_cap is not null then
    insert into ad_frequency as f (viewer_key, campaign_id, day, count)
      values (p_viewer, p_campaign, p_day, 1)
      on conflict (viewer_key, campaign_id, day) do update set count = f.count + 1
        where f.count < p_cap
      returning count into v_count;
    if v_count is null then
      update ad_campaigns set spent_milli = spent_milli - p_price, spent_day_milli = spent_day_milli - p_price
        where id = p_campaign;
      if p_price > 0 then
        update advertisers set balance_milli = balance_milli + p_price where id = v_advertiser;
      end if;
      return -2;
    end if;
  end if;
  if p_price > 0 then
    perform ad_record_billable_spend(p_serving, p_kind, v_advertiser, p_campaign, p_price, p_creator,
                                     p_creator_percent, p_country, p_video);
  end if;
  return v_day;
end $$;
