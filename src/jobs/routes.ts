import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../platform/errors.ts'
import type { Authorizer, accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { readRateLimits } from '../platform/rate-limit.ts'
import type { JobQueue } from './queue.ts'

export const JobSchema = t.Object({
  id: t.String(),
  kind: t.String({ description: 'e.g. video.transcode' }),
  ownerId: t.Nullable(t.String()),
  state: t.Union([t.Literal('queued'), t.Literal('running'), t.Literal('succeeded'), t.Literal('failed')], {
    description: 'failed: every attempt failed (or the input was refused); an admin may retry it',
  }),
  attempts: Integer(),
  maxAttempts: Integer(),
  progress: Integer({ description: '0 to 100 within the current attempt' }),
  stage: t.Nullable(t.String()),
  lastError: t.Nullable(t.String()),
  result: t.Unknown(),
  createdAt: t.String(),
  updatedAt: t.String(),
  startedAt: t.Nullable(t.String()),
  finishedAt: t.Nullable(t.String()),
  runAfter: t.Nullable(t.String({ description: 'When a queued retry is due' })),
})

const State = t.Union([
  t.Literal('queued'),
  t.Literal('running'),
  t.Literal('succeeded'),
  t.Literal('failed'),
])

/** The owner's view of a job, and the admin's list of jobs with the retry of dead letters. */
export function jobRoutes(deps: {
  queue: JobQueue
  authorize: Authorizer
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof readRateLimits>
}) {
  return new Elysia({ name: 'job-routes', detail: { tags: ['jobs'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/jobs/:id',
      async ({ params, principal }) => {
        const job = await deps.queue.get(params.id)
        if (!job || (job.ownerId !== principal.userId && !deps.authorize(principal, 'admin:jobs')))
          throw new HttpError(problems.notFound, 'No such job')
        return job
      },
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        response: JobSchema,
        detail: {
          summary: 'A job of mine (an encoding...): its state and progress',
          description: 'Live changes also arrive on the gateway as `job` events on the user channel.',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .get(
      '/admin/jobs',
      ({ query }) =>
        deps.queue.list({
          state: query.state,
          kind: query.kind,
          cursor: query.cursor,
          limit: query.limit ?? 20,
        }),
      {
        rateLimit: 'api.reads',
        permission: 'admin:jobs',
        query: t.Composite([
          PageQuery,
          t.Object({
            state: t.Optional(State),
            kind: t.Optional(t.String({ maxLength: 100 })),
          }),
        ]),
        response: pageOf(JobSchema),
        detail: {
          summary: 'Jobs, newest change first; `?state=failed` lists the dead letters',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .post('/admin/jobs/:id/retry', ({ params }) => deps.queue.retry(params.id), {
      permission: 'admin:jobs',
      params: t.Object({ id: t.String({ format: 'uuid' }) }),
      response: JobSchema,
      detail: {
        summary: 'Run a failed job again, its attempts counted afresh',
        responses: problemResponses(401, 403, 404, 409, 422),
      },
    })
}
