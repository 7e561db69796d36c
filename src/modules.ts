import { adminModule } from './admin/module.ts'
import { adsModule } from './ads/module.ts'
import { analyticsModule } from './analytics/module.ts'
import { authModule } from './auth/module.ts'
import { bookmarksModule } from './bookmarks/module.ts'
import { copyrightModule } from './copyright/module.ts'
import { feedModule } from './feed/module.ts'
import { jobsModule } from './jobs/module.ts'
import { liveModule } from './live/module.ts'
import { mediaModule } from './media/module.ts'
import { messagesModule } from './messages/module.ts'
import { moderationModule } from './moderation/module.ts'
import { notificationsModule } from './notifications/module.ts'
import { paymentsModule } from './payments/module.ts'
import { postsModule } from './posts/module.ts'
import { presenceModule } from './presence/module.ts'
import { searchModule } from './search/module.ts'
import { usersModule } from './users/module.ts'
import { videosModule } from './videos/module.ts'

/**
 * Every feature of the platform: the one place that names them all. A module comes after the
 * modules it needs (the boot checks it); its worker parts start in this order and stop in reverse.
 * Adding a system: its folder with a `module.ts`, one line here, and its migration in `sql/`.
 */
export const modules = [
  authModule,
  adminModule,
  usersModule,
  postsModule,
  feedModule,
  searchModule,
  bookmarksModule,
  mediaModule,
  presenceModule,
  messagesModule,
  jobsModule,
  notificationsModule,
  videosModule,
  liveModule,
  moderationModule,
  copyrightModule,
  analyticsModule,
  paymentsModule,
  adsModule,
] as const

export type Modules = typeof modules
