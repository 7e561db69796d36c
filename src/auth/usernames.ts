/**
 * Usernames: 3 to 30 characters, ASCII letters, digits and underscores, starting with a letter;
 * unique without regard to case (the database's index is on lower(username)); names that could
 * pass for the platform or its staff are reserved.
 */
export const USERNAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{2,29}$'
const USERNAME = new RegExp(USERNAME_PATTERN)

const RESERVED = new Set([
  'admin',
  'administrator',
  'api',
  'root',
  'support',
  'help',
  'helpdesk',
  'security',
  'system',
  'staff',
  'moderator',
  'moderators',
  'mod',
  'mods',
  'official',
  'socialflow',
  'team',
  'info',
  'contact',
  'abuse',
  'postmaster',
  'hostmaster',
  'webmaster',
  'noreply',
  'no_reply',
  'mail',
  'email',
  'billing',
  'payments',
  'legal',
  'privacy',
  'terms',
  'status',
  'about',
  'login',
  'logout',
  'register',
  'signup',
  'signin',
  'settings',
  'account',
  'accounts',
  'me',
  'user',
  'users',
  'null',
  'undefined',
  'anonymous',
  'everyone',
  'here',
  'www',
  'docs',
  'dev',
  'test',
  'owner',
])

/** Why a username is refused, or null. */
export function usernameProblem(username: string): string | null {
  if (!USERNAME.test(username)) {
    return 'use 3 to 30 letters, digits or underscores, starting with a letter'
  }
  const lower = username.toLowerCase()
  if (RESERVED.has(lower) || RESERVED.has(lower.replace(/_/g, ''))) return 'this name is reserved'
  return null
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}
