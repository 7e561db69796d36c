import { domainEventStream } from '../platform/bus/topology.ts'

/**
 * Videos' domain events (`video_events.video.viewed`, `.ready`, `.deleted`...): a view report
 * each, read by no feature's consumer today, so kept out of `events`.
 */
export const VIDEO_EVENTS = domainEventStream('video_events')
