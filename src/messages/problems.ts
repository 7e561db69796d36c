import { defineProblem } from '../platform/errors.ts'

export const messageProblems = {
  notAllowed: defineProblem(403, 'messaging_not_allowed', 'You may not message this account'),
  directIsNotLeft: defineProblem(
    409,
    'conversation_not_left',
    'A one-to-one conversation cannot be left; block the account to end it',
  ),
}
