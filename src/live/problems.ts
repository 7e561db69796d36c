import { defineProblem } from '../platform/errors.ts'

export const liveProblems = {
  ended: defineProblem(409, 'stream_ended', 'This stream has ended'),
  notLive: defineProblem(409, 'stream_not_live', 'This stream is not live and has no recording to play yet'),
}
