import { defineProblem } from '../platform/errors.ts'

export const videoProblems = {
  uploadUnusable: defineProblem(409, 'upload_unusable', 'This upload cannot be used for a video'),
  ageRestricted: defineProblem(403, 'age_restricted', 'This video is for older viewers'),
  regionBlocked: defineProblem(451, 'region_blocked', 'This video is not available in your country'),
  notReady: defineProblem(409, 'video_not_ready', 'The video is not ready to play yet'),
}
