import { domainEventStream } from '../platform/bus/topology.ts'

/**
 * Direct messages' domain events (`message_events.message.sent`, `.conversation.created`): one per
 * message, thousands a second, read by no feature's consumer today, so kept out of `events`.
 */
export const MESSAGE_EVENTS = domainEventStream('message_events')
