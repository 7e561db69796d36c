import type { LivePublisher } from '../src/platform/bus/live.ts'
import type { ActorBehavior, ActorContext } from './runtime/system.ts'

export type JobPhase = 'new' | 'queued' | 'running' | 'succeeded' | 'failed'

export interface JobState {
  phase: JobPhase
  ownerId: string | null
  kind: string | null
  /** 0 to 100, never going back within a run. */
  progress: number
  stage: string | null
  attempts: number
  result: unknown
  error: string | null
  updatedAt: string | null
}

export type JobMessage =
  | { type: 'create'; ownerId: string; kind: string }
  | { type: 'start' }
  | { type: 'progress'; percent: number; stage?: string }
  | { type: 'succeed'; result?: unknown }
  | { type: 'fail'; error: string }
  | { type: 'retry'; error: string }
  | { type: 'get' }

export class JobTransitionError extends Error {
  override name = 'JobTransitionError'
}

export type JobView = Omit<JobState, 'ownerId'> & { id: string; ownerId: string | null }

/**
 * One per long job (an encoding, a fingerprint...): its lifecycle queued → running (with
 * progress) → succeeded or failed, a failed job started again as a new attempt. Every change is
 * persisted and pushed to the owner's connections (`job` events on their user channel). The job
 * system of the video pipeline drives it; anyone may ask for its state.
 */
export function jobActor(deps: { live: LivePublisher }): ActorBehavior<JobState> {
  const changed = async (ctx: ActorContext<JobState>) => {
    ctx.state.updatedAt = new Date().toISOString()
    await ctx.persist()
    const view = viewOf(ctx)
    if (ctx.state.ownerId) deps.live.publish(`user:${ctx.state.ownerId}`, 'job', view)
    return view
  }
  const expect = (ctx: ActorContext<JobState>, phases: JobPhase[], action: string) => {
    if (!phases.includes(ctx.state.phase))
      throw new JobTransitionError(`cannot ${action} a job that is ${ctx.state.phase}`)
  }
  return {
    initial: () => ({
      phase: 'new',
      ownerId: null,
      kind: null,
      progress: 0,
      stage: null,
      attempts: 0,
      result: null,
      error: null,
      updatedAt: null,
    }),
    async receive(ctx, raw) {
      const m = raw as JobMessage
      const s = ctx.state
      switch (m.type) {
        case 'create':
          if (s.phase !== 'new') return viewOf(ctx) // created before: the same job
          Object.assign(s, { phase: 'queued', ownerId: m.ownerId, kind: m.kind })
          return changed(ctx)
        case 'start':
          // From running too: the worker of the last attempt died and another took the job over.
          expect(ctx, ['queued', 'failed', 'running'], 'start')
          Object.assign(s, {
            phase: 'running',
            progress: 0,
            stage: null,
            error: null,
            attempts: s.attempts + 1,
          })
          return changed(ctx)
        case 'progress': {
          expect(ctx, ['running'], 'report progress of')
          const percent = Math.max(s.progress, Math.min(100, Math.max(0, Number(m.percent) || 0)))
          if (percent === s.progress && (m.stage ?? s.stage) === s.stage) return viewOf(ctx)
          Object.assign(s, { progress: percent, stage: m.stage ?? s.stage })
          return changed(ctx)
        }
        case 'succeed':
          expect(ctx, ['running'], 'complete')
          Object.assign(s, { phase: 'succeeded', progress: 100, result: m.result ?? null })
          return changed(ctx)
        case 'fail':
          expect(ctx, ['running', 'queued'], 'fail')
          Object.assign(s, { phase: 'failed', error: String(m.error) })
          return changed(ctx)
        case 'retry':
          // This attempt failed; the job waits for its next one.
          expect(ctx, ['running'], 'retry')
          Object.assign(s, { phase: 'queued', error: String(m.error) })
          return changed(ctx)
        case 'get':
          return viewOf(ctx)
        default:
          throw new Error(`unknown message ${(m as { type: string }).type}`)
      }
    },
  }
}

function viewOf(ctx: ActorContext<JobState>): JobView {
  return { id: ctx.ref.id, ...ctx.state }
}
