import { t } from 'elysia'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'

export const RangeQuery = t.Object({
  from: t.Optional(DateTime({ description: 'Start (default: 28 days before to; 48 hours by hour)' })),
  to: t.Optional(DateTime({ description: 'End, exclusive (default: now, the current bucket included)' })),
  granularity: t.Optional(
    t.Union([t.Literal('hour'), t.Literal('day'), t.Literal('week'), t.Literal('month')], {
      description:
        'Bucket size (default day; weeks start on Monday; UTC). At most 744 hours, 1830 days, 530 weeks or 120 months',
    }),
  ),
})

/** `{id}` or `{id}.csv`: the report, or its series as a CSV file. */
export const IdOrCsv = t.Object({
  id: t.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\\.csv)?$',
    description: 'The id; with `.csv` appended, the series as CSV (text/csv)',
  }),
})

const Head = {
  from: t.String(),
  to: t.String({ description: 'Exclusive' }),
  granularity: t.String(),
}
const N = (description?: string) => t.Number(description ? { description } : {})
const Breakdown = t.Array(t.Object({ key: t.String(), value: Integer() }))

/** Revenue and memberships per currency (src/analytics/revenue.ts), for a creator or the platform. */
const Revenue = (money: { memberships: string; tips: string; ads: string }) => {
  const Money = {
    currency: t.String({ description: 'ISO 4217, lower case' }),
    memberships: Integer({ description: money.memberships }),
    tips: Integer({ description: money.tips }),
    ads: Integer({ description: money.ads }),
    refunds: Integer({ description: 'Given back on refunds and lost disputes (zero or negative)' }),
    copyright: Integer({
      description:
        'Moved by copyright claims that monetize: taken from the uploader’s tips and pre-roll shares (negative), given to the rights holder (positive); zero for the platform',
    }),
    net: Integer({ description: 'The sum of the above' }),
  }
  return t.Object(
    {
      currencies: t.Array(
        t.Object({
          ...Money,
          members: Integer({ description: 'Paying members at the end of the range (or now)' }),
          mrr: Integer({
            description: 'Monthly recurring revenue then: members’ prices per month, before discounts',
          }),
          arpu: N('MRR per member'),
          membersAtStart: Integer(),
          newMembers: Integer(),
          endedMembers: Integer(),
          churn: N('Ended memberships over the range’s members (those at its start and those who joined)'),
        }),
      ),
      series: t.Array(
        t.Object({
          start: t.String(),
          ...Money,
          members: Integer({ description: 'At the end of the bucket (or now)' }),
          mrr: Integer(),
          newMembers: Integer(),
          endedMembers: Integer(),
        }),
        { description: 'One row per currency and bucket' },
      ),
    },
    {
      description:
        'Amounts in minor units per currency, from the payments ledger (as booked) and ad spend; members from the memberships’ events',
    },
  )
}
const Breakdowns = (names: string[]) =>
  t.Nullable(t.Object(Object.fromEntries(names.map((n) => [n, Breakdown]))), {
    description: 'Hidden (null) below minAudience unique viewers; rows below it are folded into "other"',
  })

export const VideoReport = t.Object({
  id: t.String(),
  title: t.String(),
  ...Head,
  totals: t.Object({
    views: Integer({ description: 'Viewing sessions begun' }),
    uniqueViewers: Integer({ description: 'HyperLogLog estimate (about 1.6% error)' }),
    watchSeconds: N(),
    averageViewSeconds: N(),
    impressions: Integer(),
    clicks: Integer(),
    shares: Integer(),
    newFollowers: Integer({
      description: 'Follows of the creator by viewers within a day of watching this video',
    }),
  }),
  series: t.Array(
    t.Object({
      start: t.String(),
      views: Integer(),
      uniqueViewers: Integer(),
      watchSeconds: N(),
      averageViewSeconds: N(),
      impressions: Integer(),
      clicks: Integer(),
      newFollowers: Integer(),
    }),
  ),
  retention: t.Object({
    bucketSeconds: Integer(),
    durationSeconds: Integer(),
    views: Integer({ description: 'Views begun on the range’s days: the curve’s 100%' }),
    points: t.Array(
      t.Object({ second: Integer(), share: N('Share of views still watching at this second') }),
    ),
  }),
  breakdowns: Breakdowns(['sources', 'countries', 'devices']),
  minAudience: Integer(),
})

export const PostReport = t.Object({
  id: t.String(),
  ...Head,
  totals: t.Object({
    impressions: Integer(),
    reach: Integer({ description: 'Unique viewers shown the post (estimate)' }),
    clicks: Integer(),
    shares: Integer(),
    likes: Integer(),
    reposts: Integer(),
    replies: Integer(),
    quotes: Integer(),
    engagements: Integer(),
    engagementRate: N('Engagements per impression'),
  }),
  series: t.Array(
    t.Object({
      start: t.String(),
      impressions: Integer(),
      reach: Integer(),
      engagements: Integer(),
      likes: Integer(),
    }),
  ),
  breakdowns: Breakdowns(['sources']),
  minAudience: Integer(),
})

export const CreatorReport = t.Object({
  ...Head,
  totals: t.Object({
    views: Integer(),
    uniqueViewers: Integer(),
    watchSeconds: N(),
    impressions: Integer(),
    reach: Integer(),
    engagements: Integer(),
    engagementRate: N(),
    likes: Integer(),
    reposts: Integer(),
    replies: Integer(),
    quotes: Integer(),
    shares: Integer(),
    followersGained: Integer(),
    followersLost: Integer(),
    netFollowers: Integer(),
    profileVisits: Integer(),
    posts: Integer(),
    uploads: Integer(),
    tips: Integer({ description: 'Tips received (their amounts: revenue)' }),
    copyrightClaims: Integer({ description: 'Copyright claims made on your videos' }),
  }),
  series: t.Array(
    t.Object({
      start: t.String(),
      views: Integer(),
      uniqueViewers: Integer(),
      watchSeconds: N(),
      engagements: Integer(),
      followersGained: Integer(),
      followersLost: Integer(),
    }),
  ),
  topContent: t.Object({
    videos: t.Array(t.Object({ id: t.String(), title: t.String(), views: Integer() })),
    posts: t.Array(t.Object({ id: t.String(), impressions: Integer() })),
  }),
  revenue: Revenue({
    memberships: 'Membership payments, net of the platform’s fee',
    tips: 'Tips, net of the platform’s fee',
    ads: 'Your share of the ads shown before your videos',
  }),
})

export const StreamReport = t.Object({
  id: t.String(),
  title: t.String(),
  ...Head,
  totals: t.Object({
    peakViewers: Integer(),
    averageViewers: N('Viewer-minutes per live minute'),
    uniqueViewers: Integer(),
    viewerMinutes: Integer(),
    liveMinutes: Integer(),
    chatMessages: Integer(),
    chatMessagesPerMinute: N(),
  }),
  series: t.Array(
    t.Object({
      start: t.String(),
      peakViewers: Integer(),
      averageViewers: N(),
      uniqueViewers: Integer(),
      chatMessages: Integer(),
    }),
  ),
})

export const PlatformReport = t.Object({
  ...Head,
  active: t.Object({
    asOf: t.String(),
    dau: Integer({ description: 'Signed-in users active on the day of asOf' }),
    wau: Integer({ description: '... in the 7 days to asOf' }),
    mau: Integer({ description: '... in the 30 days to asOf' }),
  }),
  totals: t.Object({
    activeUsers: Integer(),
    visitors: Integer({ description: 'Signed-in and anonymous (anonymous: once per day each)' }),
    signups: Integer(),
    posts: Integer(),
    uploads: Integer(),
    encodingMinutes: N('Minutes of video encoded'),
    encodeFailures: Integer(),
    liveStreams: Integer(),
    views: Integer(),
    watchHours: N(),
    reports: Integer(),
    moderationActions: Integer(),
    moderationReversals: Integer(),
    appeals: Integer(),
    casesResolved: Integer(),
    tips: Integer(),
    copyrightClaims: Integer(),
    copyrightDisputes: Integer(),
  }),
  moderation: t.Object({
    actionsByKind: Breakdown,
    reportsByCategory: Breakdown,
    copyrightDecisions: Breakdown,
  }),
  series: t.Array(
    t.Object({
      start: t.String(),
      activeUsers: Integer(),
      visitors: Integer(),
      signups: Integer(),
      posts: Integer(),
      uploads: Integer(),
      encodingMinutes: N(),
      views: Integer(),
      reports: Integer(),
      moderationActions: Integer(),
    }),
  ),
  revenue: Revenue({
    memberships: 'The platform’s fee on membership payments',
    tips: 'The platform’s fee on tips',
    ads: 'The platform’s share of ad spend',
  }),
})

export const CohortReport = t.Object({
  weeks: Integer(),
  cohorts: t.Array(
    t.Object({
      week: t.String({ description: 'Monday (UTC) of the sign-up week' }),
      users: Integer({ description: 'Users who signed up that week' }),
      retention: t.Array(N(), { description: 'Share of them active in week 0, 1, 2... after' }),
    }),
  ),
})
