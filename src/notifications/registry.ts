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
  /** What the type is called inside a sentence (digest lines, the unsubscribe page): "like". */
  name: string
  /** One notification (a push title, an e-mail subject). */
  title: string
  /** Several grouped ("{actor} and {others} others liked your post"); `title` when absent. */
  grouped?: string
  /** The body line under the title. */
  body: string
  /** The e-mail's button. */
  action: string
  /** What `{title}` says for a known `data.change` (security notices), in this locale. */
  changes?: Record<string, string>
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
        name: 'follow',
        title: '{actor} followed you',
        grouped: '{actor} and {others} others followed you',
        body: 'See who is following you.',
        action: 'See followers',
      },
      fr: {
        name: 'abonnement',
        title: '{actor} vous suit',
        grouped: '{actor} et {others} autres personnes vous suivent',
        body: 'Voyez qui vous suit.',
        action: 'Voir les abonnés',
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
        name: 'follow request',
        title: '{actor} asked to follow you',
        grouped: '{actor} and {others} others asked to follow you',
        body: 'Accept or decline the request.',
        action: 'See requests',
      },
      fr: {
        name: "demande d'abonnement",
        title: '{actor} demande à vous suivre',
        grouped: '{actor} et {others} autres personnes demandent à vous suivre',
        body: 'Acceptez ou refusez la demande.',
        action: 'Voir les demandes',
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
        name: 'like',
        title: '{actor} liked your post',
        grouped: '{actor} and {others} others liked your post',
        body: '{text}',
        action: 'See the post',
      },
      fr: {
        name: "j'aime",
        title: '{actor} a aimé votre publication',
        grouped: '{actor} et {others} autres personnes ont aimé votre publication',
        body: '{text}',
        action: 'Voir la publication',
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
        name: 'repost',
        title: '{actor} reposted your post',
        grouped: '{actor} and {others} others reposted your post',
        body: '{text}',
        action: 'See the post',
      },
      fr: {
        name: 'republication',
        title: '{actor} a republié votre publication',
        grouped: '{actor} et {others} autres personnes ont republié votre publication',
        body: '{text}',
        action: 'Voir la publication',
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
    strings: {
      en: { name: 'reply', title: '{actor} replied to you', body: '{text}', action: 'Reply' },
      fr: { name: 'réponse', title: '{actor} vous a répondu', body: '{text}', action: 'Répondre' },
    },
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
    strings: {
      en: { name: 'mention', title: '{actor} mentioned you', body: '{text}', action: 'See the post' },
      fr: {
        name: 'mention',
        title: '{actor} vous a mentionné',
        body: '{text}',
        action: 'Voir la publication',
      },
    },
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
    strings: {
      en: { name: 'quote', title: '{actor} quoted your post', body: '{text}', action: 'See the post' },
      fr: {
        name: 'citation',
        title: '{actor} a cité votre publication',
        body: '{text}',
        action: 'Voir la publication',
      },
    },
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
    strings: {
      en: { name: 'post', title: '{actor} posted', body: '{text}', action: 'See the post' },
      fr: { name: 'publication', title: '{actor} a publié', body: '{text}', action: 'Voir la publication' },
    },
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
    strings: {
      en: { name: 'live stream', title: '{actor} is live', body: '{title}', action: 'Watch' },
      fr: { name: 'direct', title: '{actor} est en direct', body: '{title}', action: 'Regarder' },
    },
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
        name: 'moderation',
        title: 'A moderation decision concerns you',
        body: 'Read the statement of reasons.',
        action: 'Read it',
      },
      fr: {
        name: 'modération',
        title: 'Une décision de modération vous concerne',
        body: "Lisez l'exposé des motifs.",
        action: 'La lire',
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
        name: 'copyright',
        title: 'A copyright claim concerns you',
        body: 'See the claim, its matched segments and what you can do.',
        action: 'See the claim',
      },
      fr: {
        name: "droit d'auteur",
        title: "Une réclamation de droit d'auteur vous concerne",
        body: 'Voyez la réclamation, les passages reconnus et ce que vous pouvez faire.',
        action: 'Voir la réclamation',
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
        name: 'security',
        title: 'Security notice: {title}',
        body: 'If it was not you, reset your password at once.',
        action: 'Review your account',
        changes: {
          password_changed: 'your password was changed',
          password_reset: 'your password was reset',
          two_factor_enabled: 'two-factor sign-in was turned on',
          two_factor_disabled: 'two-factor sign-in was turned off',
          new_sign_in: 'a new sign-in to your account',
          other: 'your account settings changed',
        },
      },
      fr: {
        name: 'sécurité',
        title: 'Alerte de sécurité : {title}',
        body: "Si ce n'était pas vous, réinitialisez votre mot de passe sans attendre.",
        action: 'Vérifier votre compte',
        changes: {
          password_changed: 'votre mot de passe a été changé',
          password_reset: 'votre mot de passe a été réinitialisé',
          two_factor_enabled: 'la connexion en deux étapes a été activée',
          two_factor_disabled: 'la connexion en deux étapes a été désactivée',
          new_sign_in: 'une nouvelle connexion à votre compte',
          other: 'les réglages de votre compte ont changé',
        },
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

  /** What `type` is called in a sentence, in `locale` (its language, then English). */
  nameIn(type: string, locale: string): string {
    const def = this.defs.get(type)
    if (!def) return type.replaceAll('_', ' ')
    return (def.strings[pickLocale(locale, Object.keys(def.strings))] ?? def.strings.en).name
  }
}

/**
 * The locales of the deployment's own strings (the built-in types, e-mail, digests): English,
 * the fallback, and French. Others fall back to English.
 */
export const LOCALES = ['en', 'fr'] as const

/**
 * Of the `available` locales, the one to speak to an account whose locale is `locale`: the tag
 * itself (pt-BR), else its language (pt), else English.
 */
export function pickLocale(locale: string | null | undefined, available: readonly string[]): string {
  if (!locale) return 'en'
  if (available.includes(locale)) return locale
  const language = locale.split('-')[0]!
  return available.includes(language) ? language : 'en'
}

/** Fills a type's strings for a locale (its language, then English, when the locale has none). */
export function render(
  def: NotificationTypeDef,
  input: RenderInput,
  publicUrl: string,
  locale = 'en',
): Rendered {
  const strings = def.strings[pickLocale(locale, Object.keys(def.strings))] ?? def.strings.en
  const change = input.data.change
  const title =
    input.stream?.title ??
    (change ? (strings.changes?.[change] ?? strings.changes?.other) : undefined) ??
    input.data.title ??
    ''
  const actor = input.actor ? (input.actor.displayName ?? `@${input.actor.username}`) : ''
  const fill = (s: string) =>
    s
      .replaceAll('{actor}', actor)
      .replaceAll('{count}', String(input.count))
      .replaceAll('{others}', String(Math.max(0, input.count - 1)))
      .replaceAll('{title}', title)
      .replaceAll('{text}', clip(input.post?.text ?? input.data.text ?? '', 200))
  const heading = fill(input.count > 1 && strings.grouped ? strings.grouped : strings.title)
  return {
    title: clip(heading, 120),
    body: fill(strings.body),
    action: strings.action,
    url: `${publicUrl}${def.path(input)}`,
  }
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}
