-- Ads (src/ads): budget slices leased to serving nodes, and CPM billed on viewable impressions.
--
-- A node that serves a CPM campaign takes a slice of its budget at once (`ad_lease`): the amount
-- leaves the advertiser's balance and counts against the campaign's total and daily budgets, so
-- the sum of every node's slices never exceeds a budget or a balance. The node then decides ads
-- from its slice in memory, without the database. An impression is billed when the viewer reports
-- it viewable (`ad_bill_impression`, from the tracking event), against the slice it was served
-- from. What a slice did not bill comes back: the part the node never served when it gives the
-- slice up (`ad_lease_return`), and the servings never seen once their tokens have expired
-- (`ad_settle_leases`, run by the workers).

-- What an advertiser approved for monthly invoicing may spend beyond its balance (sql/0075 and
-- src/ads/invoices.ts): the balance may go down to minus this.
alter table advertisers add column credit_limit_milli bigint not null default 0
  check (credit_limit_milli >= 0);
alter table advertisers drop constraint advertisers_balance_milli_check;
alter table advertisers add constraint advertisers_balance_within_credit
  check (balance_milli + credit_limit_milli >= 0);

create table ad_budget_leases (
  id uuid primary key,
  campaign_id uuid not null references ad_campaigns (id) on delete cascade,
  advertiser_id uuid not null references advertisers (id) on delete cascade,
  -- The budget day (UTC) the slice counts against.
  day date not null,
  amount_milli bigint not null check (amount_milli >= 0),
  billed_milli bigint not null default 0 check (billed_milli >= 0),
  node text not null,
  created_at timestamptz not null default now(),
  -- The node stops serving from it then; settled (the unbilled rest returned) from settle_after.
  expires_at timestamptz not null,
  settle_after timestamptz not null,
  returned boolean not null default false,
  settled_at timestamptz,
  check (billed_milli <= amount_milli)
);
create index ad_budget_leases_unsettled on ad_budget_leases (settle_after) where settled_at is null;
create index ad_budget_leases_campaign on ad_budget_leases (campaign_id) where settled_at is null;

-- Which lease a CPM serving's impression is billed against (null for CPC: clicks are charged).
alter table ad_spend add column lease_id uuid references ad_budget_leases (id) on delete set null;

-- Takes up to p_want milli of a campaign's budgets and its advertiser's balance (and credit) for a node, for
-- p_seconds; at least p_min (one serving) or nothing. The same conditions and lock order as
-- ad_charge (advertiser, then campaign): slices of concurrent nodes never exceed a budget. Answers
-- the amount granted (0: refused) and the campaign's committed spend, total and of the day.
create function ad_lease(
  p_id uuid, p_campaign uuid, p_want bigint, p_min bigint, p_day date, p_node text,
  p_seconds integer, p_token_seconds integer,
  out granted bigint, out spent bigint, out spent_day bigint
) language plpgsql as $$
declare
  v_advertiser uuid;
  v_balance bigint;
  v_room bigint;
begin
  perform set_config('synchronous_commit', 'off', true);
  granted := 0;
  select advertiser_id into v_advertiser from ad_campaigns where id = p_campaign;
  if not found then return; end if;
  select balance_milli + credit_limit_milli into v_balance from advertisers where id = v_advertiser for update;
  select least(v_balance, total_budget_minor * 1000 - spent_milli,
               daily_budget_minor * 1000 - (case when spend_day = p_day then spent_day_milli else 0 end))
    into v_room
    from ad_campaigns
    where id = p_campaign and state = 'active' and starts_at <= now() and (ends_at is null or ends_at > now())
    for update;
  if v_room is null or v_room < p_min then
    select c.spent_milli, case when c.spend_day = p_day then c.spent_day_milli else 0 end
      into spent, spent_day from ad_campaigns c where c.id = p_campaign;
    return;
  end if;
  -- At most a tenth of what the advertiser may still spend (at least one serving): one campaign
  -- or one node does not hold all of a small balance while the others wait for it.
  granted := least(p_want, v_room, greatest(p_min, v_balance / 10));
  update advertisers set balance_milli = balance_milli - granted where id = v_advertiser;
  update ad_campaigns
    set spent_milli = spent_milli + granted,
        spent_day_milli = (case when spend_day = p_day then spent_day_milli else 0 end) + granted,
        spend_day = p_day
    where id = p_campaign
    returning spent_milli, spent_day_milli into spent, spent_day;
  insert into ad_budget_leases (id, campaign_id, advertiser_id, day, amount_milli, node, expires_at, settle_after)
    values (p_id, p_campaign, v_advertiser, p_day, granted, p_node, now() + make_interval(secs => p_seconds),
            now() + make_interval(secs => p_seconds + p_token_seconds));
end $$;

-- Gives back what a lease holds beyond p_keep milli (its amount shrinks to p_keep, never below
-- what it billed): to the advertiser's balance, the campaign's total, and its day while the day is
-- the same. Locks advertiser, then campaign, then the lease.
create function ad_lease_refund(p_lease uuid, p_keep bigint) returns bigint language plpgsql as $$
declare
  v ad_budget_leases%rowtype;
  v_back bigint;
begin
  select * into v from ad_budget_leases where id = p_lease;
  if not found or v.settled_at is not null then return 0; end if;
  perform 1 from advertisers where id = v.advertiser_id for update;
  perform 1 from ad_campaigns where id = v.campaign_id for update;
  select * into v from ad_budget_leases where id = p_lease for update;
  if v.settled_at is not null then return 0; end if;
  v_back := v.amount_milli - greatest(p_keep, v.billed_milli);
  if v_back <= 0 then return 0; end if;
  update ad_budget_leases set amount_milli = amount_milli - v_back where id = p_lease;
  update advertisers set balance_milli = balance_milli + v_back where id = v.advertiser_id;
  update ad_campaigns
    set spent_milli = spent_milli - v_back,
        spent_day_milli = case when spend_day = v.day then spent_day_milli - v_back else spent_day_milli end
    where id = v.campaign_id;
  return v_back;
end $$;

-- A node gives a lease up having served p_served milli from it: the rest comes back now.
create function ad_lease_return(p_lease uuid, p_served bigint) returns bigint language plpgsql as $$
declare
  v_back bigint := ad_lease_refund(p_lease, p_served);
begin
  update ad_budget_leases set returned = true where id = p_lease;
  return v_back;
end $$;

-- Leases whose servings' tokens have all expired: what they did not bill comes back, and they are
-- closed (an event after that bills nothing). Answers how many were settled.
create function ad_settle_leases(p_limit integer) returns integer language plpgsql as $$
declare
  v_id uuid;
  v_n integer := 0;
begin
  for v_id in select id from ad_budget_leases where settled_at is null and settle_after <= now()
                order by settle_after limit p_limit loop
    perform ad_lease_refund(v_id, 0);
    update ad_budget_leases set settled_at = now() where id = v_id and settled_at is null;
    v_n := v_n + 1;
  end loop;
  return v_n;
end $$;

-- Bills one viewable impression of a CPM serving against its lease (and its pre-roll's video, for
-- copyright claims: sql/0072) (within what the lease holds,
-- before it is settled), under the viewer's frequency cap of the day: the spend row as for any
-- billable amount. Answers whether it was billed.
create function ad_bill_impression(
  p_lease uuid, p_serving uuid, p_price bigint, p_viewer text, p_cap integer, p_day date,
  p_creator uuid, p_creator_percent integer, p_country text, p_video uuid default null
) returns boolean language plpgsql as $$
declare
  v ad_budget_leases%rowtype;
  v_count integer;
begin
  update ad_budget_leases set billed_milli = billed_milli + p_price
    where id = p_lease and settled_at is null and billed_milli + p_price <= amount_milli
    returning * into v;
  if not found then return false; end if;
  if p_cap is not null then
    insert into ad_frequency as f (viewer_key, campaign_id, day, count)
      values (p_viewer, v.campaign_id, p_day, 1)
      on conflict (viewer_key, campaign_id, day) do update set count = f.count + 1 where f.count < p_cap
      returning count into v_count;
    if v_count is null then
      update ad_budget_leases set billed_milli = billed_milli - p_price where id = p_lease;
      return false;
    end if;
  end if;
  perform ad_record_billable_spend(p_serving, 'impression', v.advertiser_id, v.campaign_id, p_price,
                                   p_creator, p_creator_percent, p_country, p_video);
  update ad_spend set lease_id = p_lease where serving_id = p_serving and kind = 'impression';
  return true;
end $$;

-- Servings are no longer charged one by one: the batch of ad_charge is gone (ad_charge stays,
-- for clicks of CPC campaigns, in their event's transaction).
drop function ad_charge_all(uuid[], bigint[], bigint[], date[], text[], integer[], uuid[], text[], uuid[],
                            integer, text[], uuid[]);
