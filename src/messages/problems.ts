import { defineProblem } from '../platform/errors.ts'

export const messageProblems = {
  notAllowed: defineProblem(403, 'messaging_not_allowed', 'You may not message this account'),
}
