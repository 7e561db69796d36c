import type postgres from 'postgres'

export const COUNTRIES = [
  'US',
  'GB',
  'FR',
  'DE',
  'ES',
  'IT',
  'BR',
  'MX',
  'IN',
  'JP',
  'KR',
  'CA',
  'AU',
  'NL',
  'SE',
  'PL',
  'AR',
  'CO',
  'ZA',
  'NG',
]

/** Whether the ads of `campaigns` campaigns are there (kept between runs). */
export async function adsSeeded(sql: postgres.Sql, campaigns: number): Promise<boolean> {
  const [row] = await sql`select count(*)::int as n from ad_campaigns where state = 'active'`
  return row?.n === campaigns
}

/**
 * 1,000 advertisers (accounts of the timeline seed) with a balance that does not run out, and
 * `campaigns` active campaigns spread over them, each with one approved card: CPM (80%) or CPC
 * bids, budgets that last the run, targeting drawn at random (70% one country of twenty, 30% a
 * device, 20% an age band, 20% an interest, 10% an hour of the day).
 */
export async function seedAds(sql: postgres.Sql, campaigns: number): Promise<void> {
  const perAdvertiser = Math.ceil(campaigns / 1000)
  await sql.unsafe(`
    delete from advertisers;
    insert into advertisers (id, user_id, name, balance_milli)
      select gen_random_uuid(), id, 'Advertiser ' || username, 1000000000000000
      from users where username like 'user%' order by username desc limit 1000;
    with base as (
      select a.id as advertiser_id, k, random() as r from advertisers a cross join generate_series(1, ${perAdvertiser}) k
      limit ${campaigns}
    )
    insert into ad_campaigns (id, advertiser_id, name, objective, state, bid_kind, bid_minor, total_budget_minor,
      daily_budget_minor, starts_at, countries, devices, age_bands, interests, hours)
    select gen_random_uuid(), advertiser_id, 'Campaign ' || k,
      case when r < 0.8 then 'impressions' else 'clicks' end, 'active',
      case when r < 0.8 then 'cpm' else 'cpc' end,
      case when r < 0.8 then 500 + floor(random() * 4500)::int else 20 + floor(random() * 200)::int end,
      1000000000, 100000000, now() - interval '1 day',
      case when random() < 0.7 then array[('{${COUNTRIES.join(',')}}'::text[])[1 + floor(random() * ${COUNTRIES.length})::int]] else '{}' end,
      case when random() < 0.3 then array[('{mobile,desktop,tablet}'::text[])[1 + floor(random() * 3)::int]] else '{}' end,
      case when random() < 0.2 then array['25-34'] else '{}' end,
      case when random() < 0.2 then array['tag' || floor(random() * 50)::int] else '{}' end,
      case when random() < 0.1 then array[floor(random() * 24)::smallint] else '{}' end
    from base;
    insert into ad_creatives (id, campaign_id, kind, headline, body, link_url, review)
      select gen_random_uuid(), id, 'card', 'Headline of ' || name, 'A few words', 'https://example.test/' || id, 'approved'
      from ad_campaigns;
  `)
}
