import { t } from 'elysia'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { CAMPAIGN_STATES } from './campaigns.ts'
import { AGE_BANDS, DEVICES } from './targeting.ts'

/** Money: an integer amount of minor units, at most a hundred million major units. */
const Minor = (description: string) => Integer({ minimum: 1, maximum: 10_000_000_000, description })
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => t.UnionEnum(values)
/** For inputs: a union of literals (Elysia 1.4 fills a missing optional UnionEnum with its first value). */
const literal = <const T extends readonly [string, ...string[]]>(values: T) =>
  t.Union(values.map((v) => t.Literal(v)) as unknown as [ReturnType<typeof t.Literal<T[number]>>])

export const AdvertiserSchema = t.Object({
  id: t.String(),
  userId: t.String(),
  name: t.String(),
  currency: t.String({ description: 'ISO 4217' }),
  balance: Integer({
    description: 'Prepaid balance left, minor units (below zero: spent on credit, to be invoiced)',
  }),
  reserved: Integer({
    description:
      'Minor units taken from the balance by serving nodes for servings not billed yet: billed when their ' +
      'impressions are viewable, returned to the balance if never viewed',
  }),
  creditLimit: Integer({
    description:
      'Approved for monthly invoicing through Stripe: what may be spent beyond the balance (0: prepaid only)',
  }),
  createdAt: t.String(),
})

export const TopUpListedSchema = t.Object({
  id: t.String(),
  amount: Integer({ description: 'Minor units' }),
  currency: t.String({ description: 'ISO 4217, lower case as Stripe writes it' }),
  status: t.Union([t.Literal('pending'), t.Literal('paid')]),
  createdAt: t.String(),
  paidAt: t.Nullable(t.String()),
})
export const TopUpSchema = t.Composite([
  TopUpListedSchema,
  t.Object({
    url: t.String({ description: "Stripe Checkout's page to pay at" }),
    sessionId: t.String({ description: 'The Checkout Session' }),
  }),
])

const TargetingInput = t.Object({
  countries: t.Optional(
    t.Array(t.String({ pattern: '^[A-Za-z]{2}$' }), {
      maxItems: 250,
      description: 'ISO 3166-1 alpha-2; empty: anywhere',
    }),
  ),
  ageBands: t.Optional(
    t.Array(literal(AGE_BANDS), {
      maxItems: AGE_BANDS.length,
      description: 'From the birth date viewers give; empty: anyone',
    }),
  ),
  interests: t.Optional(
    t.Array(t.String({ minLength: 1, maxLength: 50, pattern: '^#?[^\\s#,]+$' }), {
      maxItems: 50,
      description: 'Tags the viewer writes, likes or engages with; empty: anyone',
    }),
  ),
  languages: t.Optional(
    t.Array(t.String({ pattern: '^[A-Za-z]{2}$' }), {
      maxItems: 50,
      description: 'ISO 639-1, from Accept-Language',
    }),
  ),
  devices: t.Optional(t.Array(literal(DEVICES), { maxItems: DEVICES.length })),
})

const CampaignFields = {
  name: t.String({ minLength: 1, maxLength: 100 }),
  objective: literal(['impressions', 'clicks'] as const),
  bid: t.Object({
    kind: literal(['cpm', 'cpc'] as const),
    amount: Minor(
      'Minor units per thousand impressions (cpm) or per click (cpc): the most paid, second price applies',
    ),
  }),
  budget: t.Object({
    total: Minor('Minor units, over the whole campaign'),
    daily: Minor('Minor units per day (UTC), spread over the day'),
  }),
  schedule: t.Object({
    startsAt: DateTime(),
    endsAt: t.Optional(t.Nullable(DateTime())),
    hours: t.Optional(
      t.Array(Integer({ minimum: 0, maximum: 23 }), {
        maxItems: 24,
        description: "Hours of the day in the viewer's time zone; empty: all",
      }),
    ),
  }),
  targeting: t.Optional(TargetingInput),
  frequencyCap: t.Optional(
    t.Nullable(Integer({ minimum: 1, maximum: 1000, description: 'Servings per viewer per day' })),
  ),
}

export const CampaignInputSchema = t.Object(CampaignFields)
export const CampaignPatchSchema = t.Partial(t.Object(CampaignFields))

export const CampaignSchema = t.Object({
  id: t.String(),
  advertiserId: t.String(),
  name: t.String(),
  objective: t.String(),
  state: oneOf(CAMPAIGN_STATES),
  stateReason: t.Nullable(t.String()),
  bid: t.Object({ kind: t.String(), amount: Integer() }),
  budget: t.Object({
    currency: t.String(),
    total: Integer(),
    daily: Integer(),
    spent: Integer({
      description: 'Minor units billed so far (viewable impressions and clicks; rounded down)',
    }),
    spentToday: Integer({ description: 'Minor units billed today (UTC; rounded down)' }),
    reserved: Integer({
      description:
        'Minor units held by serving nodes for servings not billed yet (rounded down): counted against the budgets, ' +
        'billed when their impressions are viewable, returned to the balance if never viewed',
    }),
    reservedToday: Integer({ description: "Of `reserved`, what counts against today's budget (UTC)" }),
  }),
  schedule: t.Object({ startsAt: t.String(), endsAt: t.Nullable(t.String()), hours: t.Array(Integer()) }),
  targeting: t.Object({
    countries: t.Array(t.String()),
    ageBands: t.Array(t.String()),
    interests: t.Array(t.String()),
    languages: t.Array(t.String()),
    devices: t.Array(t.String()),
  }),
  frequencyCap: t.Nullable(Integer()),
  createdAt: t.String(),
  updatedAt: t.String(),
})

export const CreativeInputSchema = t.Union([
  t.Object({
    kind: t.Literal('card'),
    headline: t.String({ minLength: 1, maxLength: 90 }),
    body: t.Optional(t.String({ minLength: 1, maxLength: 300 })),
    linkUrl: t.String({ minLength: 8, maxLength: 2000 }),
    mediaId: t.Optional(
      t.String({ format: 'uuid', description: 'An image uploaded through POST /v1/media' }),
    ),
  }),
  t.Object({
    kind: t.Literal('video'),
    headline: t.String({ minLength: 1, maxLength: 90 }),
    linkUrl: t.String({ minLength: 8, maxLength: 2000 }),
    videoId: t.String({ format: 'uuid', description: 'A video uploaded and processed, at most 30 s' }),
  }),
])

export const CreativeSchema = t.Object({
  id: t.String(),
  campaignId: t.String(),
  kind: t.String(),
  headline: t.String(),
  body: t.Nullable(t.String()),
  linkUrl: t.String(),
  mediaId: t.Nullable(t.String()),
  videoId: t.Nullable(t.String()),
  durationMs: t.Nullable(Integer()),
  skippableAfterMs: t.Nullable(Integer()),
  review: oneOf(['pending', 'approved', 'rejected'] as const),
  reviewReason: t.Nullable(t.String()),
  createdAt: t.String(),
  reviewedAt: t.Nullable(t.String()),
})

export const AdPreferencesSchema = t.Object({
  optedOut: t.Boolean({ description: 'No ads where the law gives the choice (ADS_OPT_OUT_COUNTRIES)' }),
  timeZone: t.Nullable(t.String({ description: "IANA time zone of campaigns' hours (UTC when null)" })),
})

const Figures = {
  impressions: Integer(),
  clicks: Integer(),
  ctr: t.Number({ description: 'Clicks per impression' }),
  spend: Integer({ description: 'Minor units (rounded down)' }),
  spendMilli: Integer({ description: 'Thousandths of a minor unit' }),
  reach: Integer({ description: 'Distinct viewers with an impression' }),
  frequency: t.Number({ description: 'Impressions per viewer reached' }),
  firstQuartile: Integer(),
  midpoint: Integer(),
  thirdQuartile: Integer(),
  complete: Integer(),
  skips: Integer(),
}

export const ReportSchema = t.Object({
  campaignId: t.String(),
  currency: t.String(),
  from: t.String(),
  to: t.String(),
  granularity: t.String(),
  totals: t.Object({
    ...Figures,
    invalidEvents: Integer({ description: 'Events filtered as invalid traffic' }),
  }),
  series: t.Array(t.Object({ start: t.String(), ...Figures })),
  countries: t.Array(t.Object({ country: t.Nullable(t.String()), ...Figures })),
})

export const InvoiceListedSchema = t.Object({
  id: t.String(),
  number: t.String({ description: 'Consecutive: ADS-<YYYYMM>-<sequence>' }),
  periodStart: t.String({ description: 'The calendar month (UTC): its first instant' }),
  periodEnd: t.String({ description: "The next month's first instant" }),
  currency: t.String({ description: "ISO 4217: the advertiser's" }),
  amount: Integer({ description: 'Minor units, rounded half up from amountMilli' }),
  amountMilli: Integer({ description: 'Thousandths of a minor unit: the exact billable spend' }),
  credited: Integer({ description: 'Minor units put on the prepaid balance during the month' }),
  collection: t.Union([t.Literal('balance'), t.Literal('stripe')], {
    description: 'balance: paid from the prepaid balance; stripe: sent through Stripe (invoiced advertisers)',
  }),
  status: t.Union([t.Literal('draft'), t.Literal('open'), t.Literal('paid')], {
    description: 'draft: to be sent through Stripe; open: sent, to pay at payUrl; paid',
  }),
  payUrl: t.Nullable(t.String({ description: "Stripe's page to pay it at (an open Stripe invoice)" })),
  paidAt: t.Nullable(t.String()),
  createdAt: t.String(),
})

export const InvoiceLineSchema = t.Object({
  campaignId: t.String(),
  campaignName: t.String(),
  impressions: Integer({ description: 'Viewable impressions billed (CPM)' }),
  clicks: Integer({ description: 'Clicks billed (CPC)' }),
  amount: Integer({ description: 'Minor units, rounded half up' }),
  amountMilli: Integer(),
})

export const InvoiceSchema = t.Composite([
  InvoiceListedSchema,
  t.Object({
    advertiser: t.Object({ id: t.String(), name: t.String() }),
    lines: t.Array(InvoiceLineSchema, { description: 'One per campaign billed in the month' }),
  }),
])
