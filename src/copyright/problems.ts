import { defineProblem } from '../platform/errors.ts'

export const copyrightProblems = {
  alreadyClaimed: defineProblem(409, 'already_claimed', 'This reference already has a claim on this video'),
  alreadyDisputed: defineProblem(409, 'already_disputed', 'A claim may be disputed once, while it is active'),
  notTrimmable: defineProblem(
    409,
    'claim_not_trimmable',
    'Only a standing claim on an encoded video (ready or blocked) can be trimmed out',
  ),
  notDisputed: defineProblem(409, 'claim_not_disputed', 'Only a disputed claim can be released or upheld'),
}
