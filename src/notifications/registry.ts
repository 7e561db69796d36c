/**
 * The notification types: what each one says (per locale, English first), which channels it uses
 * by default, from whom it comes by default, how urgent it is and how long it stays worth sending.
 * The channels know nothing of types: a system adds its own with `register` and sends it with
 * `NotificationDispatcher.notify`, without touching any channel.
 */

export const CHANNELS = ['email', 'web_push', 'mobile_push', 'sms'] as const
export type ChannelName = (typeof CHANNELS)[number]
/** What preferences turn on or off: the in-app list and each outbound channel. */
export const PREFERENCE_CHANNELS = ['in_app', ...CHANNELS] as const
export type PreferenceChannel = (typeof PREFERENCE_CHANNELS)[number]
export const FROM_WHOM = ['anyone', 'following', 'followers', 'mutuals', 'nobody'] as const
export type FromWhom = (typeof FROM_WHOM)[number]

/** What a template is filled from. */
export interface RenderInput {
  actor: { username: string; displayName: string | null } | null
  /** Notifications of the same group in the grouping window, this one included. */
  count: number
  post: { id: string; text: string } | null
  stream: { id: string; title: string } | null
  data: Record<string, string>
}

/** Strings of one type in one locale; `{actor}`, `{count}`, `{others}`, `{title}`, `{text}` are filled in. */
export interface TypeStrings {
  /** One notification (a push title, an e-mail subject). */
  title: string
  /** Several grouped ("{actor} and {others} others liked your post"); `title` when absent. */
  grouped?: string
  /** The body line under the title. */
  body: string
  /** The e-mail's button. */
  action: string
}

export interface NotificationTypeDef {
  type: string
  description: string
  category: 'social' | 'security' | 'system'
  defaults: Record<PreferenceChannel, boolean>
  /** From whom it is accepted by default; absent for types without an actor (security, system). */
  fromWhom?: FromWhom
  /** Passes quiet hours and caps (security notices), and goes out at high priority. */
  urgent?: boolean
  /** Not worth sending after this long (a live stream that started an hour ago). */
  ttlSeconds: number
  /** Grouped within the window: one push updated rather than repeated, one e-mail. */
  groups: boolean
  /** Strings per locale; `en` is required and the fallback. */
  strings: { en: TypeStrings } & Record<string, TypeStrings>
  /** The page the notification opens (a path under PUBLIC_URL). */
  path(input: RenderInput): string
}

export interface Rendered {
  title: string
  body: string
  action: string
  /** Absolute URL of what the notification is about. */
  url: string
}

const social = (email: boolean): Record<PreferenceChannel, boolean> => ({
  in_app: true,
  email,
  web_push: true,
  mobile_push: true,
  sms: false,
})
const postPath = (i: RenderInput) => (i.post ? `/posts/${i.post.id}` : '/notifications')
const DAY = 86_400

const BUILT_IN: NotificationTypeDef[] = [
  {
    type: 'follow',
    description: 'Someone followed you',
    category: 'social',
    defaults: social(false),
    fromWhom: 'anyone',
    ttlSeconds: 7 * DAY,
    groups: true,
    strings: {
      en: {
        title: '{actor} followed you',
        grouped: '{actor} and {others} others followed you',
        body: 'See who is following you.',
        action: 'See followers',
      },
    },
    path: () => '/notifications',
  },
  {
    type: 'follow_request',
    description: 'Someone asked to follow your private account',
    category: 'social',
    defaults: social(true),
    fromWhom: 'anyone',
    ttlSeconds: 7 * DAY,
    groups: true,
    strings: {
      en: {
        title: '{actor} asked to follow you',
        grouped: '{actor} and {others} others asked to follow you',
        body: 'Accept or decline the request.',
        action: 'See requests',
      },
    },
    path: () => '/follow-requests',
  },
  {
    type: 'like',
    description: 'Someone liked your post',
    category: 'social',
    defaults: social(false),
    fromWhom: 'anyone',
    ttlSeconds: 2 * DAY,
    groups: true,
    strings: {
      en: {
        title: '{actor} liked your post',
        grouped: '{actor} and {others} others liked your post',
        body: '{text}',
        action: 'See the post',
      },
    },
    path: postPath,
  },
  {
    type: 'repost',
    description: 'Someone reposted your post',
    category: 'social',
    defaults: social(false),
    fromWhom: 'anyone',
    ttlSeconds: 2 * DAY,
    groups: true,
    strings: {
      en: {
        title: '{actor} reposted your post',
        grouped: '{actor} and {others} others reposted your post',
        body: '{text}',
        action: 'See the post',
      },
    },
    path: postPath,
  },
  {
    type: 'reply',
    description: 'Someone replied to your post',
    category: 'social',
    defaults: social(true),
    fromWhom: 'anyone',
    ttlSeconds: 3 * DAY,
    groups: false,
    strings: { en: { title: '{actor} replied to you', body: '{text}', action: 'Reply' } },
    path: postPath,
  },
  {
    type: 'mention',
    description: 'Someone mentioned you',
    category: 'social',
    defaults: social(true),
    fromWhom: 'anyone',
    ttlSeconds: 3 * DAY,
    groups: false,
    strings: { en: { title: '{actor} mentioned you', body: '{text}', action: 'See the post' } },
    path: postPath,
  },
  {
    type: 'quote',
    description: 'Someone quoted your post',
    category: 'social',
    defaults: social(false),
    fromWhom: 'anyone',
    ttlSeconds: 3 * DAY,
    groups: false,
    strings: { en: { title: '{actor} quoted your post', body: '{text}', action: 'See the post' } },
    path: postPath,
  },
  {
    type: 'post',
    description: 'An account you follow posted (off unless you turn it on)',
    category: 'social',
    defaults: { in_app: false, email: false, web_push: false, mobile_push: false, sms: false },
    fromWhom: 'following',
    ttlSeconds: DAY,
    groups: false,
    strings: { en: { title: '{actor} posted', body: '{text}', action: 'See the post' } },
    path: postPath,
  },
  {
    type: 'live_started',
    description: 'An account you follow went live',
    category: 'social',
    defaults: social(false),
    fromWhom: 'following',
    ttlSeconds: 3600,
    groups: false,
    strings: { en: { title: '{actor} is live', body: '{title}', action: 'Watch' } },
    path: (i) => (i.stream ? `/live/${i.stream.id}` : '/live'),
  },
  {
    type: 'moderation',
    description: 'A moderation decision about your account, content or report',
    category: 'system',
    defaults: { in_app: true, email: true, web_push: true, mobile_push: true, sms: false },
    ttlSeconds: 30 * DAY,
    groups: false,
    strings: {
      en: {
        title: 'A moderation decision concerns you',
        body: 'Read the statement of reasons.',
        action: 'Read it',
      },
    },
    path: () => '/notifications',
  },
  {
    type: 'copyright',
    description: 'A copyright claim on your video, or by your reference, made, disputed or decided',
    category: 'system',
    defaults: { in_app: true, email: true, web_push: true, mobile_push: true, sms: false },
    ttlSeconds: 30 * DAY,
    groups: false,
    strings: {
      en: {
        title: 'A copyright claim concerns you',
        body: 'See the claim, its matched segments and what you can do.',
        action: 'See the claim',
      },
    },
    path: () => '/notifications',
  },
  {
    type: 'security',
    description: 'Security notices: a new sign-in, a password or two-factor change',
    category: 'security',
    defaults: { in_app: false, email: false, web_push: true, mobile_push: true, sms: true },
    urgent: true,
    ttlSeconds: DAY,
    groups: false,
    strings: {
      en: {
        title: 'Security notice: {title}',
        body: 'If it was not you, reset your password at once.',
        action: 'Review your account',
      },
    },
    path: () => '/settings/security',
  },
]

/** The types of this deployment. Built-in types come first; others are added while modules build. */
export class NotificationTypes {
  private readonly defs = new Map<string, NotificationTypeDef>()

  constructor() {
    for (const def of BUILT_IN) this.register(def)
  }

  register(def: NotificationTypeDef): void {
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(def.type)) throw new Error(`bad notification type name ${def.type}`)
    if (this.defs.has(def.type)) throw new Error(`two definitions of notification type ${def.type}`)
    this.defs.set(def.type, def)
  }

  get(type: string): NotificationTypeDef {
    const def = this.defs.get(type)
    if (!def) throw new Error(`unknown notification type ${type}`)
    return def
  }

  has(type: string): boolean {
    return this.defs.has(type)
  }

  all(): NotificationTypeDef[] {
    return [...this.defs.values()]
  }

  names(): string[] {
    return [...this.defs.keys()]
  }
}

/** Fills a type's strings for a locale (English when the locale has none). */
export function render(
  def: NotificationTypeDef,
  input: RenderInput,
  publicUrl: string,
  locale = 'en',
): Rendered {
  const strings = def.strings[locale] ?? def.strings.en
  const actor = input.actor ? (input.actor.displayName ?? `@${input.actor.username}`) : ''
  const fill = (s: string) =>
    s
      .replaceAll('{actor}', actor)
      .replaceAll('{count}', String(input.count))
      .replaceAll('{others}', String(Math.max(0, input.count - 1)))
      .replaceAll('{title}', input.stream?.title ?? input.data.title ?? '')
      .replaceAll('{text}', clip(input.post?.text ?? input.data.text ?? '', 200))
  const title = fill(input.count > 1 && strings.grouped ? strings.grouped : strings.title)
  return {
    title: clip(title, 120),
    body: fill(strings.body),
    action: strings.action,
    url: `${publicUrl}${def.path(input)}`,
  }
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}
