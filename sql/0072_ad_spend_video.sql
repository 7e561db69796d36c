-- The video a pre-roll played before, on its spend rows (src/ads, src/copyright/revenue.ts): a
-- `monetize` claim on that video takes the creator's share of the ad's spend, as it takes tips.
alter table ad_spend add column video_id uuid references videos (id) on delete set null;

-- The spend row's video, given by the charge (null for feed ads). Same body as in 0050 otherwise.
drop function ad_record_billable_spend(uuid, text, uuid, uuid, bigint, uuid, integer, text);
create function ad_record_billable_spend(
  p_serving uuid, p_kind text, p_advertiser uuid, p_campaign uuid, p_amount bigint,
  p_creator uuid, p_creator_percent integer, p_country text, p_video uuid default null
) returns void language plpgsql as $$
declare
  v_creator bigint := case when p_creator is null then 0 else p_amount * p_creator_percent / 100 end;
begin
  insert into ad_spend (serving_id, kind, advertiser_id, campaign_id, amount_milli, platform_milli,
                        creator_id, creator_milli, country, video_id)
  values (p_serving, p_kind, p_advertiser, p_campaign, p_amount, p_amount - v_creator,
          p_creator, v_creator, p_country, p_video);
end $$;

-- ad_charge and its batch take the video too (the conditions, locks and answers of 0050 unchanged).
drop function ad_charge_all(uuid[], bigint[], bigint[], date[], text[], integer[], uuid[], text[], uuid[],
                            integer, text[]);
drop function ad_charge(uuid, bigint, bigint, date, text, integer, uuid, text, uuid, integer, text);
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
                                     p_creator_percent, p_country, p_video);
  end if;
  return v_day;
end $$;

create function ad_charge_all(
  p_campaigns uuid[], p_prices bigint[], p_needs bigint[], p_days date[], p_viewers text[], p_caps integer[],
  p_servings uuid[], p_kinds text[], p_creators uuid[], p_creator_percent integer, p_countries text[],
  p_videos uuid[]
) returns bigint[] language plpgsql as $$
declare
  v_out bigint[] := '{}';
begin
  for i in 1 .. coalesce(array_length(p_campaigns, 1), 0) loop
    v_out := v_out || ad_charge(p_campaigns[i], p_prices[i], p_needs[i], p_days[i], p_viewers[i], p_caps[i],
                                p_servings[i], p_kinds[i], p_creators[i], p_creator_percent, p_countries[i],
                                p_videos[i]);
  end loop;
  return v_out;
end $$;

-- A monetize claim's shares of ad spend are milli; the ledger books whole minor units. What a
-- claim accrued below one unit waits here for the next batch (so the holder gets it in the end).
create table copyright_revenue_carry (
  claim_id uuid not null references copyright_claims (id) on delete cascade,
  currency text not null,
  milli bigint not null,
  primary key (claim_id, currency)
);
