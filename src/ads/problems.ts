import { defineProblem } from '../platform/errors.ts'

/** The problems ads answers with, beyond the platform's. */
export const adsProblems = {
  noAdvertiser: defineProblem(
    403,
    'advertiser_required',
    'This needs an advertiser account (POST /v1/ads/advertisers)',
  ),
  advertiserExists: defineProblem(409, 'advertiser_exists', 'This account already has an advertiser account'),
  campaignState: defineProblem(409, 'campaign_state', 'The campaign is not in a state that allows this'),
  creativeInvalid: defineProblem(422, 'creative_invalid', 'The creative cannot be used'),
  tokenInvalid: defineProblem(403, 'ad_token_invalid', 'The serving token is forged, altered or expired'),
  creditInUse: defineProblem(
    409,
    'credit_in_use',
    'The advertiser has spent more than this credit limit allows; it cannot be lowered so far now',
  ),
  replayed: defineProblem(409, 'ad_event_replayed', 'This event of this serving was already recorded'),
}
