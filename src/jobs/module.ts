import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { readRateLimits } from '../platform/rate-limit.ts'
import { JobQueue } from './queue.ts'
import { jobRoutes } from './routes.ts'
import { JobRunner } from './runner.ts'
import { jobsTopology } from './topology.ts'

/**
 * Long jobs (encodings, fingerprints...): a queue written in the transaction that asks for the
 * job, a work queue on JetStream, the runner of the worker role with retries and dead letters,
 * which records each job's state in its row and pushes every change to the owner (`job` events).
 * Modules that need jobs done register their handlers with `runner.register` while they are built.
 */
export const jobsModule = defineModule({
  name: 'jobs',
  needs: { auth: authModule },
  topology: (config) => jobsTopology(config.jobs.ackWaitMs),
  build({ db, bus, log, metrics, live, config, rateLimits }, { auth }) {
    const queue = new JobQueue(db)
    const runner = new JobRunner({ db, bus, live, log, metrics }, [], config.jobs)
    return {
      services: { queue, runner },
      api: {
        routes: () => [
          jobRoutes({
            queue,
            authorize: auth.authorize,
            access: auth.access,
            rateLimits: rateLimits(readRateLimits),
          }),
        ],
      },
      worker: { runner },
    }
  },
})
