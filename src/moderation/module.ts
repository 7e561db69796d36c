import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { liveModule } from '../live/module.ts'
import { mediaModule } from '../media/module.ts'
import { messagesModule } from '../messages/module.ts'
import { MESSAGE_EVENTS } from '../messages/topology.ts'
import { EventConsumer } from '../platform/bus/consumer.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import type { Config, Secrets } from '../platform/config.ts'
import { defineModule } from '../platform/module.ts'
import { postsModule } from '../posts/module.ts'
import { videosModule } from '../videos/module.ts'
import { VIDEO_EVENTS } from '../videos/topology.ts'
import { Actions } from './actions.ts'
import { Appeals } from './appeals.ts'
import { Cases } from './cases.ts'
import { imageSubject } from './image-subject.ts'
import { LabelStore } from './labels.ts'
import { messageSubject } from './message-subject.ts'
import { Policies } from './policies.ts'
import { syncPost } from './post-media.ts'
import {
  moderationAdminRoutes,
  moderationRateLimits,
  moderatorRoutes,
  publicModerationRoutes,
} from './routes.ts'
import { allOf, type Screener } from './screener.ts'
import {
  comprehendClient,
  comprehendScreener,
  RekognitionScreener,
  rekognitionClient,
} from './screening/aws.ts'
import { byLanguage } from './screening/languages.ts'
import { liveFrameSampler } from './screening/live-frames.ts'
import { NsfwClassifier } from './screening/nsfw.ts'
import {
  chatLineSource,
  eitherSource,
  imageSource,
  messageSource,
  postSource,
  profileSource,
  ScreenSources,
  streamSource,
  videoSource,
} from './screening/sources.ts'
import { spamScreener } from './screening/spam.ts'
import { wordListScreener } from './screening/words.ts'
import { Screening } from './screening.ts'
import { streamSubject } from './stream-subject.ts'
import { postSubject, SubjectRegistry, userSubject } from './subjects.ts'
import { TermLists } from './terms.ts'
import { videoSubject } from './video-subject.ts'

/** Profile changes and the other shared events that ask for a screening. */
const SCREENING_CONSUMER = domainEventConsumer('moderation_screening')
/** Sent direct messages, from the messages' own stream (screened for recipients who opt in). */
const MESSAGE_SCREENING_CONSUMER = screeningConsumer(MESSAGE_EVENTS.name, 'message.sent')
/** Videos ready (words and frames) and edited (words), from the videos' own stream. */
const VIDEO_READY_CONSUMER = screeningConsumer(VIDEO_EVENTS.name, 'video.ready')
const VIDEO_EDITED_CONSUMER = screeningConsumer(VIDEO_EVENTS.name, 'video.edited')

/** MODERATION_PROVIDER=aws: Comprehend for text, Rekognition for images and videos (the S3 keys, or the SDK's default chain). */
function awsScreeners(
  config: Config,
  secrets: Secrets,
  termPatterns: Screener,
): { screeners: Screener[]; videos: RekognitionScreener } {
  const { region, rekognitionEndpoint, comprehendEndpoint, pollSeconds } = config.moderation.aws
  const { accessKeyId, secretAccessKey } = secrets.s3
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
  const rekognition = new RekognitionScreener(
    rekognitionClient({ region, endpoint: rekognitionEndpoint, credentials }),
    pollSeconds * 1000,
  )
  const comprehend = comprehendClient({ region, endpoint: comprehendEndpoint, credentials })
  // Comprehend judges English only: other languages go to the local word list (byLanguage).
  const text = byLanguage(comprehend, {
    english: allOf([termPatterns, comprehendScreener(comprehend)]),
    others: allOf([termPatterns, wordListScreener()]),
  })
  return { screeners: [text, rekognition], videos: rekognition }
}

/** A durable consumer of one event type of a feature's own stream (one filter per consumer on NATS 2.9). */
function screeningConsumer(stream: string, type: string) {
  return {
    stream,
    durable: `moderation_${type.replace('.', '_')}`,
    filterSubject: `${stream}.${type}`,
    ackWaitMs: 30_000,
    maxDeliver: 10,
  }
}

/**
 * Moderation: screening of what people write (labels, then the policies' outcome), reports merged
 * into cases, moderators' actions with statements of reasons (notifications), appeals, the audit
 * log and the public transparency report. Other modules' content joins through `subjects`
 * (how to hide a message, a live-chat line) and `screeners` (the classifiers the job runs).
 */
export const moderationModule = defineModule({
  name: 'moderation',
  needs: {
    auth: authModule,
    posts: postsModule,
    jobs: jobsModule,
    messages: messagesModule,
    media: mediaModule,
    live: liveModule,
    videos: videosModule,
  },
  topology: () => ({
    consumers: [SCREENING_CONSUMER, MESSAGE_SCREENING_CONSUMER, VIDEO_READY_CONSUMER, VIDEO_EDITED_CONSUMER],
  }),
  build(
    { db, bus, log, storage, config, secrets, rateLimits, live: publisher },
    { auth, posts, jobs, messages, media, live, videos },
  ) {
    const subjects = new SubjectRegistry()
    subjects.register('post', postSubject)
    subjects.register('user', userSubject)
    subjects.register('message', messageSubject(messages.messages, live.moderation))
    subjects.register('image', imageSubject)
    subjects.register('video', videoSubject)
    subjects.register('stream', streamSubject({ signals: live.signals, live: publisher }))
    const sources = new ScreenSources()
    sources.register('post', postSource(db))
    sources.register('user', profileSource(db))
    // Direct messages (screened for recipients who opt in) and live-chat lines.
    sources.register('message', eitherSource(messageSource(db), chatLineSource(db)))
    sources.register('image', imageSource(db, storage))
    sources.register('stream', streamSource(db, storage, live.ivsThumbnails))
    const onS3 = config.storage.driver === 's3' ? config.storage.s3.bucket : undefined
    const terms = new TermLists(db)
    const aws =
      config.moderation.provider === 'aws' ? awsScreeners(config, secrets, terms.patterns) : undefined
    // Rekognition Video reads the original from the bucket; with local storage, frames go as images.
    sources.register('video', videoSource(db, storage, aws ? onS3 : undefined))
    // Starts its thread (and loads the model) with the first image a job hands it.
    const images = new NsfwClassifier()
    const policies = new Policies(db)
    const labels = new LabelStore(db)
    const cases = new Cases(db, subjects, labels)
    const { appealDays, transparencyMin } = config.moderation
    const actions = new Actions({ db, auth, subjects, cases, appealDays })
    const appeals = new Appeals(db, actions, appealDays)
    // The screening job's screeners: term patterns, the word list, spam heuristics, images
    // (or, with MODERATION_PROVIDER=aws, Comprehend and Rekognition for the word list and images,
    // the term patterns and the word list for text Comprehend does not read: awsScreeners).
    // Ads screen their creatives with the same ones.
    const screener = aws
      ? allOf([spamScreener(db), ...aws.screeners])
      : allOf([terms.patterns, spamScreener(db), wordListScreener(), images])
    const screening = new Screening({
      db,
      queue: jobs.queue,
      labels,
      policies,
      actions,
      cases,
      subjects,
      sources,
      inline: terms.literal,
      screener,
      videos: aws?.videos,
      // A video at Rekognition takes minutes.
      timeoutMs: aws ? 60 * 60_000 : 60_000,
      log,
    })
    // MODERATION_SCREENING=false: nothing is screened (reports and moderators' actions remain).
    // A new post shows the state of the images and video it carries (held before it was written).
    posts.posts.checkWrites((trx, post) =>
      post.change === 'created' ? syncPost(trx, post.id) : Promise.resolve(),
    )
    const screeningOn = config.moderation.screening
    if (screeningOn) {
      posts.posts.checkWrites(screening.checkPost)
      media.images.checkUploads(screening.checkImage)
      videos.videos.checkCreates(screening.checkVideo)
      live.chat.checkMessages(screening.checkChat)
    }
    const onEvent = screeningOn ? screening.onEvent : async () => {}
    jobs.runner.register(screening.job as unknown as JobHandler)
    jobs.runner.register(screening.batchJob as unknown as JobHandler)
    const deps = {
      db,
      terms,
      policies,
      labels,
      cases,
      actions,
      appeals,
      screening,
      transparencyMin,
      access: auth.access,
      authorize: auth.authorize,
      rateLimits: rateLimits(moderationRateLimits),
    }
    return {
      services: {
        subjects,
        sources,
        terms,
        policies,
        labels,
        cases,
        actions,
        appeals,
        screening,
        images,
        screener,
      },
      worker: {
        screeningConsumer: new EventConsumer(bus, SCREENING_CONSUMER, onEvent, log),
        messageScreeningConsumer: new EventConsumer(bus, MESSAGE_SCREENING_CONSUMER, onEvent, log),
        videoReadyConsumer: new EventConsumer(bus, VIDEO_READY_CONSUMER, onEvent, log),
        videoEditedConsumer: new EventConsumer(bus, VIDEO_EDITED_CONSUMER, onEvent, log),
        imageClassifier: { start: async () => {}, stop: () => images.stop() },
        ...(screeningOn && config.moderation.liveFrameSeconds > 0
          ? {
              liveFrameSampler: liveFrameSampler({
                db,
                everyMs: config.moderation.liveFrameSeconds * 1000,
                ivsEveryMs: async () => {
                  const settings = await live.ivsThumbnails?.thumbnailSettings()
                  return settings ? settings.intervalSeconds * 1000 : undefined
                },
                screen: (streamId, id) => screening.enqueueOnce({ kind: 'stream', id: streamId }, id),
                log,
              }),
            }
          : {}),
      },
      // Chat lines held for their batch are queued before the node goes.
      close: () => screening.chatBatches.close(),
      api: {
        routes: () => [publicModerationRoutes(deps), moderatorRoutes(deps), moderationAdminRoutes(deps)],
      },
    }
  },
})
