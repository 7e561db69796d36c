-- Ads: advertisers (a prepaid balance), campaigns, creatives, what viewers allow, servings charged
-- under a budget, tracking events, spend records. Money: budgets, bids and credits in minor units
-- of the advertiser's currency; balances and spend in thousandths of a minor unit ("milli"), the
-- unit in which a CPM bid is exactly the price of one impression.

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('user', 'creator', 'moderator', 'admin', 'advertiser'));

create table advertisers (
  id uuid primary key,
  user_id uuid not null unique references users (id) on delete cascade,
  name text not null,
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  balance_milli bigint not null default 0 check (balance_milli >= 0),
  created_at timestamptz not null default now()
);

-- Money put on an advertiser's balance: by an administrator (until Stripe top-ups), or a top-up.
create table ad_credits (
  id uuid primary key,
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  amount_minor bigint not null check (amount_minor > 0),
  source text not null check (source in ('admin', 'top_up')),
  reference text,
  actor_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index ad_credits_advertiser on ad_credits (advertiser_id, created_at);

create table ad_campaigns (
  id uuid primary key,
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  name text not null,
  objective text not null check (objective in ('impressions', 'clicks')),
  state text not null default 'draft'
    check (state in ('draft', 'in_review', 'active', 'paused', 'completed', 'rejected')),
  state_reason text,
  bid_kind text not null check (bid_kind in ('cpm', 'cpc')),
  bid_minor bigint not null check (bid_minor > 0),
  total_budget_minor bigint not null check (total_budget_minor > 0),
  daily_budget_minor bigint not null check (daily_budget_minor > 0),
  starts_at timestamptz not null,
  ends_at timestamptz,
  -- Hours of the day (0-23) in the viewer's time zone; empty: every hour.
  hours smallint[] not null default '{}',
  countries text[] not null default '{}',
  age_bands text[] not null default '{}',
  interests text[] not null default '{}',
  languages text[] not null default '{}',
  devices text[] not null default '{}',
  frequency_cap integer check (frequency_cap > 0),
  spent_milli bigint not null default 0,
  spend_day date,
  spent_day_milli bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ad_campaigns_advertiser on ad_campaigns (advertiser_id, created_at desc, id desc);
create index ad_campaigns_active on ad_campaigns (id) where state = 'active';

create table ad_creatives (
  id uuid primary key,
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  kind text not null check (kind in ('card', 'video')),
  headline text not null,
  body text,
  link_url text not null,
  media_id uuid references media (id) on delete set null,
  video_id uuid references videos (id) on delete set null,
  duration_ms integer,
  review text not null default 'pending' check (review in ('pending', 'approved', 'rejected')),
  review_reason text,
  labels jsonb not null default '[]',
  created_at timestamptz not null default now(),
  reviewed_at timestamptz,
  check ((kind = 'video') = (video_id is not null))
);
create index ad_creatives_campaign on ad_creatives (campaign_id, created_at);

-- What a signed-in viewer tells about ads: opting out, and the time zone of campaigns' hours.
create table ad_viewer_settings (
  user_id uuid primary key references users (id) on delete cascade,
  opted_out boolean not null default false,
  time_zone text,
  updated_at timestamptz not null default now()
);

-- Servings per viewer (a user id or an address hash), campaign and day: frequency caps.
create table ad_frequency (
  viewer_key text not null,
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  day date not null,
  count integer not null,
  primary key (viewer_key, campaign_id, day)
);

-- Tracking events accepted: one of each kind per serving (a replay finds its row).
create table ad_events (
  serving_id uuid not null,
  kind text not null check (kind in
    ('impression', 'click', 'first_quartile', 'midpoint', 'third_quartile', 'complete', 'skip')),
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  creative_id uuid not null,
  viewer_key text not null,
  country text,
  occurred_at timestamptz not null default now(),
  primary key (serving_id, kind)
);
create index ad_events_campaign_time on ad_events (campaign_id, occurred_at);

-- Events refused as invalid traffic, counted per campaign, day and reason.
create table ad_invalid_events (
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  day date not null,
  reason text not null,
  count bigint not null,
  primary key (campaign_id, day, reason)
);

-- Impressions and clicks per campaign: the observed click rate CPC ranking predicts from.
create table ad_campaign_counts (
  campaign_id uuid primary key references ad_campaigns (id) on delete cascade,
  impressions bigint not null default 0,
  clicks bigint not null default 0
);

-- Every billable amount: an impression served (CPM) or a click (CPC), who pays and who earns.
create table ad_spend (
  id bigint generated always as identity primary key,
  serving_id uuid not null,
  kind text not null check (kind in ('impression', 'click')),
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  amount_milli bigint not null check (amount_milli > 0),
  platform_milli bigint not null,
  creator_id uuid references users (id) on delete set null,
  creator_milli bigint not null default 0,
  country text,
  occurred_at timestamptz not null default now(),
  unique (serving_id, kind),
  check (platform_milli + creator_milli = amount_milli)
);
create index ad_spend_campaign_time on ad_spend (campaign_id, occurred_at);

-- The key of the servings' tracking tokens (when ADS_TOKEN_KEY is not set).
create table ad_keys (
  id smallint primary key check (id = 1),
  secret bytea not null
);
insert into ad_keys (id, secret)
  values (1, sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));

-- The one place billable spend is recorded: the spend row, split between the platform and the
-- creator whose video carried the ad (a pre-roll). Where the payments ledger gets its entry too.
create function ad_record_billable_spend(
  p_serving uuid, p_kind text, p_advertiser uuid, p_campaign uuid, p_amount bigint,
  p_creator uuid, p_creator_percent integer, p_country text
) returns void language plpgsql as $$
declare
  v_creator bigint := case when p_creator is null then 0 else p_amount * p_creator_percent / 100 end;
begin
  insert into ad_spend (serving_id, kind, advertiser_id, campaign_id, amount_milli, platform_milli,
                        creator_id, creator_milli, country)
  values (p_serving, p_kind, p_advertiser, p_campaign, p_amount, p_amount - v_creator,
          p_creator, v_creator, p_country);
end $$;

-- Charges one serving or click, all or nothing: the advertiser's balance (never below zero), the
-- campaign's total and daily budgets (never above; `p_need` must also be left, the price of a
-- click a CPC serving may bring), the campaign active and in its schedule, the viewer's frequency
-- cap. Locks rows in one order (advertiser, then campaign, then the viewer's count) so that
-- concurrent charges wait instead of deadlocking, and a concurrent charge sees the committed sums:
-- a budget is never exceeded. Answers the campaign's spend of the day; -1 when refused for money,
-- state or schedule, -2 for the frequency cap.
create function ad_charge(
  p_campaign uuid, p_price bigint, p_need bigint, p_day date, p_viewer text, p_cap integer,
  p_serving uuid, p_kind text, p_creator uuid, p_creator_percent integer, p_country text
) returns bigint language plpgsql as $$
declare
  v_advertiser uuid;
  v_day bigint;
  v_count integer;
begin
  -- The commit does not wait for the WAL to reach the disk: row locks of hot campaigns are held for
  -- the statement only. A crash of PostgreSQL may lose the last fraction of a second of charges
  -- (servings then unbilled), never record more than was served.
  perform set_config('synchronous_commit', 'off', true);
  select advertiser_id into v_advertiser from ad_campaigns where id = p_campaign;
  if not found then return -1; end if;
  if p_price > 0 then
    update advertisers set balance_milli = balance_milli - p_price
      where id = v_advertiser and balance_milli >= p_price;
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
                                     p_creator_percent, p_country);
  end if;
  return v_day;
end $$;

-- Many charges in one statement (a batch of the servings of concurrent pages), in the order given
-- (the caller sorts them by advertiser, campaign and viewer: the order of the locks). Answers what
-- ad_charge answered for each.
create function ad_charge_all(
  p_campaigns uuid[], p_prices bigint[], p_needs bigint[], p_days date[], p_viewers text[], p_caps integer[],
  p_servings uuid[], p_kinds text[], p_creators uuid[], p_creator_percent integer, p_countries text[]
) returns bigint[] language plpgsql as $$
declare
  v_out bigint[] := '{}';
begin
  for i in 1 .. coalesce(array_length(p_campaigns, 1), 0) loop
    v_out := v_out || ad_charge(p_campaigns[i], p_prices[i], p_needs[i], p_days[i], p_viewers[i], p_caps[i],
                                p_servings[i], p_kinds[i], p_creators[i], p_creator_percent, p_countries[i]);
  end loop;
  return v_out;
end $$;
