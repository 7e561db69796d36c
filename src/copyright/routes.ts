import { Elysia, t } from 'elysia'
import type { Authorizer, accessControl, Principal } from '../platform/http/access.ts'
import { pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { Limit } from '../platform/rate-limit.ts'
import { checkName } from '../platform/text.ts'
import type { Claims } from './claims.ts'
import type { References } from './references.ts'

export const copyrightRateLimits = {
  'copyright.read': { limit: 1200, windowMs: 3_600_000 },
  'copyright.reference': { limit: 200, windowMs: 3_600_000 },
  'copyright.claim': { limit: 300, windowMs: 3_600_000 },
  'copyright.dispute': { limit: 30, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const Action = t.UnionEnum(['block', 'monetize', 'track'])
const PoliciesSchema = t.Record(t.String({ maxLength: 2 }), Action, {
  description:
    'Per ISO 3166-1 alpha-2 country (upper case), `*` for everywhere else: block, monetize or track',
})
const Seconds = t.Number({ minimum: 0, maximum: 86_400 })
const SegmentSchema = t.Object({
  kind: t.UnionEnum(['audio', 'video']),
  videoStart: t.Number({ description: 'Seconds into the video (the upload)' }),
  videoEnd: t.Number(),
  referenceStart: t.Number({ description: 'Seconds into the reference' }),
  referenceEnd: t.Number(),
  confidence: t.Number({ description: '0 (chance) to 1 (identical)' }),
})
const ReferenceSchema = t.Object({
  id: t.String(),
  holderId: t.String(),
  title: t.String(),
  kind: t.UnionEnum(['audio', 'video', 'both']),
  policies: PoliciesSchema,
  minMatchSeconds: t.Number(),
  source: t.Object({ uploadId: t.Nullable(t.String()), videoId: t.Nullable(t.String()) }),
  status: t.UnionEnum(['fingerprinting', 'active', 'failed']),
  failureReason: t.Nullable(t.String()),
  jobId: t.Nullable(t.String({ description: 'The fingerprinting job (GET /v1/jobs/{id})' })),
  durationMs: t.Nullable(t.Integer()),
  audioFrames: t.Integer({ description: 'Chromaprint sub-fingerprints stored' }),
  videoFrames: t.Integer({ description: 'Frame hashes stored (2 per second)' }),
  createdAt: t.String(),
  updatedAt: t.String(),
})
const ClaimSchema = t.Object({
  id: t.String(),
  videoId: t.Nullable(t.String({ description: 'The claimed video (null for a live stream)' })),
  streamId: t.Nullable(
    t.String({ description: 'The claimed live stream, matched on rolling windows while live' }),
  ),
  referenceId: t.String(),
  referenceTitle: t.String(),
  uploaderId: t.String(),
  holderId: t.String(),
  origin: t.UnionEnum(['match', 'manual']),
  segments: t.Array(SegmentSchema),
  confidence: t.Number(),
  policy: Action,
  blockedCountries: t.Array(t.String()),
  state: t.UnionEnum(['active', 'disputed', 'released', 'upheld']),
  dispute: t.Nullable(
    t.Object({
      reason: t.String(),
      dueAt: t.String({ description: 'Released automatically if the holder has not answered by then' }),
      decision: t.Nullable(t.UnionEnum(['released', 'upheld'])),
      decidedBy: t.Nullable(t.String({ description: 'Null with a decision: released automatically' })),
      decidedAt: t.Nullable(t.String()),
    }),
  ),
  history: t.Array(
    t.Object({
      action: t.String(),
      actorId: t.Nullable(t.String()),
      note: t.Nullable(t.String()),
      at: t.String(),
    }),
  ),
  warnedAt: t.Nullable(
    t.String({ description: 'A live stream under a blocking claim: when its streamer was warned' }),
  ),
  cutAt: t.Nullable(
    t.String({ description: 'When the live stream was cut, still carrying the reference after the warning' }),
  ),
  revenue: t.Array(
    t.Object({
      currency: t.String(),
      paid: t.Integer({
        description:
          'Minor units booked to the holder (tips on the claimed video or stream; the creator’s share of pre-roll ad spend on the video where the policy for the viewer’s country is monetize)',
      }),
      held: t.Integer({ description: 'Minor units held in escrow while the claim is disputed' }),
    }),
    { description: 'A monetize claim’s shares of what the video or stream earned, in the payments ledger' },
  ),
  createdAt: t.String(),
  updatedAt: t.String(),
})
const Limit_ = t.Optional(t.Integer({ minimum: 1, maximum: 100 }))
const Cursor = t.Optional(t.String({ maxLength: 200 }))

export interface CopyrightRouteDeps {
  references: References
  claims: Claims
  trim(
    actor: { id: string; admin: boolean },
    claimId: string,
  ): Promise<{ claimId: string; videoId: string; jobId: string }>
  access: ReturnType<typeof accessControl>
  authorize: Authorizer
  rateLimits: RateLimitPlugin<keyof typeof copyrightRateLimits>
}

/** References (rightsholders), claims (uploaders and holders), disputes; admins see and decide all. */
export function copyrightRoutes(deps: CopyrightRouteDeps) {
  const { references, claims } = deps
  const actor = (p: Principal) => ({ id: p.userId, admin: deps.authorize(p, 'admin:copyright') })
  return new Elysia({ name: 'copyright-routes', prefix: '/copyright', detail: { tags: ['copyright'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/references',
      async ({ principal, body, set }) => {
        checkName('body.title', body.title)
        set.status = 201
        return references.create(principal.userId, body)
      },
      {
        permission: 'copyright:claim',
        rateLimit: 'copyright.reference',
        body: t.Object({
          uploadId: t.Optional(
            t.String({ minLength: 1, maxLength: 64, description: 'A complete tus upload of yours' }),
          ),
          videoId: t.Optional(t.String({ format: 'uuid', description: 'One of your encoded videos' })),
          title: t.String({ minLength: 1, maxLength: 200 }),
          kind: t.Optional(t.UnionEnum(['audio', 'video', 'both'], { default: 'both' })),
          policies: t.Optional(PoliciesSchema),
          minMatchSeconds: t.Optional(t.Number({ minimum: 1, maximum: 3600, description: 'Default 10' })),
        }),
        response: { 201: ReferenceSchema },
        detail: {
          summary: 'Add a reference (rightsholders)',
          description:
            'From a finished upload or one of your videos. Fingerprinting runs as a job (its progress is pushed like encodes); the reference is matched once `active`.',
          responses: problemResponses(401, 403, 404, 409, 422, 429),
        },
      },
    )
    .get(
      '/references',
      ({ principal, query }) => references.list(principal.userId, query.cursor, query.limit ?? 20),
      {
        permission: 'copyright:claim',
        rateLimit: 'copyright.read',
        query: t.Object({ limit: Limit_, cursor: Cursor }),
        response: pageOf(ReferenceSchema),
        detail: { summary: 'Your references, newest first', responses: problemResponses(401, 403, 422) },
      },
    )
    .get('/references/:id', ({ principal, params }) => references.get(actor(principal), params.id), {
      permission: 'copyright:claim',
      rateLimit: 'copyright.read',
      params: Id,
      response: ReferenceSchema,
      detail: { summary: 'One of your references', responses: problemResponses(401, 403, 404) },
    })
    .patch(
      '/references/:id',
      ({ principal, params, body }) => {
        if (body.title !== undefined) checkName('body.title', body.title)
        return references.update(actor(principal), params.id, body)
      },
      {
        permission: 'copyright:claim',
        rateLimit: 'copyright.reference',
        params: Id,
        body: t.Object({
          title: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
          policies: t.Optional(PoliciesSchema),
          minMatchSeconds: t.Optional(t.Number({ minimum: 1, maximum: 3600 })),
        }),
        response: ReferenceSchema,
        detail: {
          summary: 'Change a reference’s title, policies or minimum match',
          description: 'Applies to claims made from now on.',
          responses: problemResponses(401, 403, 404, 422, 429),
        },
      },
    )
    .delete(
      '/references/:id',
      async ({ principal, params, set }) => {
        await references.delete(actor(principal), params.id)
        set.status = 204
      },
      {
        permission: 'copyright:claim',
        rateLimit: 'copyright.reference',
        params: Id,
        detail: {
          summary: 'Remove a reference (no longer matched; its claims stay)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404, 429) },
        },
      },
    )
    .get(
      '/claims',
      ({ principal, query }) =>
        claims.list(actor(principal), query.as ?? 'uploader', query.cursor, query.limit ?? 20),
      {
        permission: 'account:read',
        rateLimit: 'copyright.read',
        query: t.Object({
          as: t.Optional(
            t.UnionEnum(['uploader', 'holder', 'all'], {
              description:
                'uploader (default): claims on your videos; holder: by your references; all: admins',
            }),
          ),
          limit: Limit_,
          cursor: Cursor,
        }),
        response: pageOf(ClaimSchema),
        detail: { summary: 'Copyright claims, newest first', responses: problemResponses(401, 403, 422) },
      },
    )
    .post(
      '/claims',
      async ({ principal, body, set }) => {
        set.status = 201
        return claims.manual(actor(principal), {
          videoId: body.videoId,
          referenceId: body.referenceId,
          segments: body.segments,
        })
      },
      {
        permission: 'copyright:claim',
        rateLimit: 'copyright.claim',
        body: t.Object({
          videoId: t.String({ format: 'uuid' }),
          referenceId: t.String({ format: 'uuid', description: 'One of your references' }),
          segments: t.Array(
            t.Object({
              kind: t.UnionEnum(['audio', 'video']),
              videoStart: Seconds,
              videoEnd: Seconds,
              referenceStart: Seconds,
              referenceEnd: Seconds,
            }),
            { minItems: 1, maxItems: 100 },
          ),
        }),
        response: { 201: ClaimSchema },
        detail: {
          summary: 'Claim a video by hand (rightsholders)',
          description: 'The reference’s policy applies at once, as for a match.',
          responses: problemResponses(401, 403, 404, 409, 422, 429),
        },
      },
    )
    .get('/claims/:id', ({ principal, params }) => claims.get(actor(principal), params.id), {
      permission: 'account:read',
      rateLimit: 'copyright.read',
      params: Id,
      response: ClaimSchema,
      detail: {
        summary: 'A claim (its uploader, its holder, or admins)',
        responses: problemResponses(401, 404),
      },
    })
    .post(
      '/claims/:id/dispute',
      ({ principal, params, body }) => claims.dispute(actor(principal), params.id, body.reason),
      {
        permission: 'account:manage',
        rateLimit: 'copyright.dispute',
        params: Id,
        body: t.Object({ reason: t.String({ minLength: 1, maxLength: 5000 }) }),
        response: ClaimSchema,
        detail: {
          summary: 'Dispute a claim on your video (once)',
          description:
            'The holder releases or upholds it within COPYRIGHT_DISPUTE_DAYS; unanswered, it is released.',
          responses: problemResponses(401, 404, 409, 422, 429),
        },
      },
    )
    .post(
      '/claims/:id/trim',
      async ({ principal, params, set }) => {
        set.status = 202
        return deps.trim(actor(principal), params.id)
      },
      {
        permission: 'account:manage',
        rateLimit: 'copyright.dispute',
        params: Id,
        response: {
          202: t.Object({
            claimId: t.String(),
            videoId: t.String(),
            jobId: t.String({ description: 'The trim job (GET /v1/jobs/{id})' }),
          }),
        },
        detail: {
          summary: 'Cut the claimed segments out of your video',
          description:
            'A job re-encodes the original without the claim’s segments; the claim is then released (`trimmed` in its history) and the video encoded and matched again (`processing`, then `checking`): a reference still found claims it anew.',
          responses: problemResponses(401, 404, 409, 429),
        },
      },
    )
    .post(
      '/claims/:id/release',
      ({ principal, params }) => claims.decide(actor(principal), params.id, 'released'),
      {
        permission: 'account:manage',
        rateLimit: 'copyright.claim',
        params: Id,
        response: ClaimSchema,
        detail: {
          summary: 'Release a disputed claim (its holder, or admins)',
          responses: problemResponses(401, 404, 409, 429),
        },
      },
    )
    .post(
      '/claims/:id/uphold',
      ({ principal, params }) => claims.decide(actor(principal), params.id, 'upheld'),
      {
        permission: 'account:manage',
        rateLimit: 'copyright.claim',
        params: Id,
        response: ClaimSchema,
        detail: {
          summary: 'Uphold a disputed claim (its holder, or admins)',
          responses: problemResponses(401, 404, 409, 429),
        },
      },
    )
}
