import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { messagesModule } from '../messages/module.ts'
import { defineModule } from '../platform/module.ts'
import { postsModule } from '../posts/module.ts'
import { Actions } from './actions.ts'
import { Appeals } from './appeals.ts'
import { Cases } from './cases.ts'
import { LabelStore } from './labels.ts'
import { messageSubject } from './message-subject.ts'
import { Policies } from './policies.ts'
import {
  moderationAdminRoutes,
  moderationRateLimits,
  moderatorRoutes,
  publicModerationRoutes,
} from './routes.ts'
import { allOf } from './screener.ts'
import { spamScreener } from './screening/spam.ts'
import { wordListScreener } from './screening/words.ts'
import { Screening } from './screening.ts'
import { postSubject, SubjectRegistry, userSubject } from './subjects.ts'
import { TermLists } from './terms.ts'

/**
 * Moderation: screening of what people write (labels, then the policies' outcome), reports merged
 * into cases, moderators' actions with statements of reasons (notifications), appeals, the audit
 * log and the public transparency report. Other modules' content joins through `subjects`
 * (how to hide a message, a live-chat line) and `screeners` (the classifiers the job runs).
 */
export const moderationModule = defineModule({
  name: 'moderation',
  needs: { auth: authModule, posts: postsModule, jobs: jobsModule, messages: messagesModule },
  build({ db, config, rateLimits }, { auth, posts, jobs, messages }) {
    const subjects = new SubjectRegistry()
    subjects.register('post', postSubject)
    subjects.register('user', userSubject)
    subjects.register('message', messageSubject(messages.messages))
    const terms = new TermLists(db)
    const policies = new Policies(db)
    const labels = new LabelStore(db)
    const cases = new Cases(db, subjects, labels)
    const { appealDays, transparencyMin } = config.moderation
    const actions = new Actions({ db, auth, subjects, cases, appealDays })
    const appeals = new Appeals(db, actions, appealDays)
    const screening = new Screening({
      db,
      queue: jobs.queue,
      labels,
      policies,
      actions,
      cases,
      inline: terms.literal,
      // The screening job's screeners: term patterns, the word list, spam heuristics.
      screener: allOf([terms.patterns, wordListScreener(), spamScreener(db)]),
    })
    posts.posts.checkWrites(screening.checkPost)
    jobs.runner.register(screening.job as unknown as JobHandler)
    const deps = {
      db,
      terms,
      policies,
      labels,
      cases,
      actions,
      appeals,
      transparencyMin,
      access: auth.access,
      authorize: auth.authorize,
      rateLimits: rateLimits(moderationRateLimits),
    }
    return {
      services: { subjects, terms, policies, labels, cases, actions, appeals, screening },
      api: {
        routes: () => [publicModerationRoutes(deps), moderatorRoutes(deps), moderationAdminRoutes(deps)],
      },
    }
  },
})
