import { defineProblem } from '../platform/errors.ts'

export const liveProblems = {
  ended: defineProblem(409, 'stream_ended', 'This stream has ended'),
  ageRestricted: defineProblem(403, 'age_restricted', 'This stream is for adults'),
  notLive: defineProblem(409, 'stream_not_live', 'This stream is not live and has no recording to play yet'),
}
