import { defineProblem } from '../platform/errors.ts'

/** Why a chat message or a moderator's action is refused. */
export const chatProblems = {
  banned: defineProblem(403, 'chat_banned', 'You are banned from this chat'),
  timedOut: defineProblem(403, 'chat_timed_out', 'You are timed out in this chat'),
  followersOnly: defineProblem(403, 'followers_only', 'This chat is for followers of the streamer'),
  subscribersOnly: defineProblem(403, 'subscribers_only', 'This chat is for subscribers of the streamer'),
  emoteOnly: defineProblem(422, 'emote_only', 'This chat takes emotes and emoji only'),
  bannedTerm: defineProblem(422, 'banned_term', 'The message holds a term the streamer does not allow'),
  slowMode: defineProblem(429, 'slow_mode', 'Slow mode: wait before your next message'),
  notModerator: defineProblem(403, 'not_moderator', 'Only the streamer and their moderators may do this'),
  cannotModerate: defineProblem(
    409,
    'cannot_moderate',
    'The streamer and their moderators cannot be moderated',
  ),
}
