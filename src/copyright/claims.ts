import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { CopyrightClaims, DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { VideoService } from '../videos/videos.ts'
import type { Match, MatchSegment } from './matcher.ts'
import { type Policies, type PolicyAction, resolve } from './policies.ts'
import { copyrightProblems } from './problems.ts'
import type { CopyrightRevenue } from './revenue.ts'

type Tx = Transaction<DB>
export type ClaimState = 'active' | 'disputed' | 'released' | 'upheld'
export interface Actor {
  id: string
  admin: boolean
}

export interface ClaimView {
  id: string
  videoId: string | null
  streamId: string | null
  referenceId: string
  referenceTitle: string
  uploaderId: string
  holderId: string
  origin: 'match' | 'manual'
  segments: MatchSegment[]
  confidence: number
  policy: PolicyAction
  blockedCountries: string[]
  state: ClaimState
  dispute: {
    reason: string
    dueAt: string
    decision: 'released' | 'upheld' | null
    decidedBy: string | null
    decidedAt: string | null
  } | null
  history: { action: string; actorId: string | null; note: string | null; at: string }[]
  warnedAt: string | null
  cutAt: string | null
  /** A monetize claim's shares booked in the ledger, by currency (minor units): paid to the holder, held while disputed. */
  revenue: { currency: string; paid: number; held: number }[]
  createdAt: string
  updatedAt: string
}

/** The event each step of a claim's history is announced by (`copyright.*`: both parties notified). */
const EVENT_OF = {
  claimed: 'claimed',
  disputed: 'disputed',
  released: 'decided',
  upheld: 'decided',
  auto_released: 'decided',
  warned: 'warned',
  cut: 'cut',
  trimmed: 'decided',
} as const

type Row = Selectable<CopyrightClaims> & { referenceTitle: string }

/**
 * Claims: one per (video, reference), from a match or made by the holder by hand, carrying the
 * segments, the confidence and the policy applied. A claim that blocks (`*: block`) keeps the
 * video from being public while it is active, disputed or upheld; country blocks go to the
 * video's copyright countries, which playback checks. The uploader may dispute once; the holder
 * (or an admin) releases or upholds it, and a dispute left unanswered for `disputeDays` is
 * released. Every step is kept in the claim's history and announced (`copyright.*` events,
 * which notify the uploader and the holder).
 */
export class Claims {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      videos: VideoService
      disputeDays: number
      revenue?: CopyrightRevenue
    },
  ) {}

  /** The match job's outcome, in its transaction: new claims, then the video ready or blocked. */
  async recordMatches(trx: Tx, videoId: string, matches: Match[]): Promise<void> {
    for (const m of matches) {
      const id = await this.insert(trx, { videoId }, m.referenceId, 'match', m.segments, m.confidence, null)
      if (!id) await this.reclaimTrimmed(trx, videoId, m)
    }
    await this.apply(trx, videoId)
  }

  /** A claim released by a trim whose video still carries the reference (a re-match): active again. */
  private async reclaimTrimmed(trx: Tx, videoId: string, m: Match): Promise<void> {
    const claim = await trx
      .updateTable('copyrightClaims')
      .set({
        state: 'active',
        segments: sql<Json>`${JSON.stringify(m.segments)}::text::jsonb`,
        confidence: m.confidence,
        updatedAt: sql`now()`,
      })
      .where('videoId', '=', videoId)
      .where('referenceId', '=', m.referenceId)
      .where('state', '=', 'released')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('copyrightClaimHistory as h')
            .select('h.id')
            .whereRef('h.claimId', '=', 'copyrightClaims.id')
            .where('h.action', '=', 'trimmed'),
        ),
      )
      .returning(['id', 'uploaderId', 'holderId'])
      .executeTakeFirst()
    if (claim) await this.record(trx, claim.id, null, 'claimed', 'still found after the trim', claim)
  }

  /**
   * The uploader asks for the claim's segments to be cut out of their video: answers the claim
   * (on one of their videos, standing, the video encoded) for the trim job to work on.
   */
  async trimmable(actor: Actor, id: string): Promise<{ claimId: string; videoId: string; ownerId: string }> {
    const claim = await this.deps.db
      .selectFrom('copyrightClaims as c')
      .innerJoin('videos as v', 'v.id', 'c.videoId')
      .select(['c.id', 'c.videoId', 'c.uploaderId', 'c.state', 'v.status', 'v.ownerId'])
      .where('c.id', '=', id)
      .where('v.deletedAt', 'is', null)
      .executeTakeFirst()
    if (!claim || claim.uploaderId !== actor.id || claim.ownerId !== actor.id)
      throw new HttpError(problems.notFound, 'No such claim on your videos')
    if (claim.state === 'released' || !['ready', 'blocked'].includes(claim.status))
      throw new HttpError(copyrightProblems.notTrimmable)
    return { claimId: claim.id, videoId: claim.videoId!, ownerId: claim.ownerId }
  }

  /** The trim is encoded: the claim is released (`trimmed`); the video is matched again after its new encode. */
  async trimmed(trx: Tx, claimId: string, actorId: string): Promise<void> {
    const claim = await trx
      .updateTable('copyrightClaims')
      .set({ state: 'released', updatedAt: sql`now()` })
      .where('id', '=', claimId)
      .where('state', '!=', 'released')
      .returning(['id', 'uploaderId', 'holderId'])
      .executeTakeFirst()
    if (claim) await this.record(trx, claim.id, actorId, 'trimmed', null, claim)
  }

  /** A holder's own claim on a video (segments they name), applied at once. */
  async manual(
    actor: Actor,
    input: { videoId: string; referenceId: string; segments: Omit<MatchSegment, 'confidence'>[] },
  ): Promise<ClaimView> {
    for (const [i, s] of input.segments.entries())
      if (s.videoEnd <= s.videoStart || s.referenceEnd <= s.referenceStart)
        throw fieldError(`body.segments.${i}`, 'each segment ends after it starts')
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const ref = await trx
        .selectFrom('copyrightReferences')
        .select(['holderId'])
        .where('id', '=', input.referenceId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
      if (!ref || (ref.holderId !== actor.id && !actor.admin))
        throw fieldError('body.referenceId', 'no reference of yours has this id')
      const video = await trx
        .selectFrom('videos')
        .select(['status'])
        .where('id', '=', input.videoId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
      if (!video) throw fieldError('body.videoId', 'no such video')
      const claimId = await this.insert(
        trx,
        { videoId: input.videoId },
        input.referenceId,
        'manual',
        input.segments.map((s) => ({ ...s, confidence: 1 })),
        1,
        actor.id,
      )
      if (!claimId) throw new HttpError(copyrightProblems.alreadyClaimed)
      await this.apply(trx, input.videoId)
      return claimId
    })
    return this.get(actor, id)
  }

  /**
   * A new claim on a video or a live stream (none when the subject's owner holds the reference,
   * or the pair is claimed already).
   */
  async insert(
    trx: Tx,
    subject: { videoId: string } | { streamId: string },
    referenceId: string,
    origin: 'match' | 'manual',
    segments: MatchSegment[],
    confidence: number,
    actorId: string | null,
  ): Promise<string | undefined> {
    const ref = await trx
      .selectFrom('copyrightReferences')
      .select(['holderId', 'policies'])
      .where('id', '=', referenceId)
      .executeTakeFirstOrThrow()
    const video =
      'videoId' in subject
        ? await trx
            .selectFrom('videos')
            .select('ownerId')
            .where('id', '=', subject.videoId)
            .executeTakeFirstOrThrow()
        : await trx
            .selectFrom('liveStreams')
            .select('ownerId')
            .where('id', '=', subject.streamId)
            .executeTakeFirstOrThrow()
    // One's own reference found in one's own video is not a claim.
    if (video.ownerId === ref.holderId) return undefined
    const { policy, blockedCountries } = resolve(ref.policies as Policies)
    const id = newId()
    const inserted = await trx
      .insertInto('copyrightClaims')
      .values({
        id,
        videoId: 'videoId' in subject ? subject.videoId : null,
        streamId: 'streamId' in subject ? subject.streamId : null,
        referenceId,
        uploaderId: video.ownerId,
        holderId: ref.holderId,
        origin,
        segments: sql<Json>`${JSON.stringify(segments)}::text::jsonb`,
        confidence,
        policy,
        policies: sql<Json>`${JSON.stringify(ref.policies)}::text::jsonb`,
        blockedCountries,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return undefined
    await this.record(trx, id, actorId, 'claimed', null, {
      uploaderId: video.ownerId,
      holderId: ref.holderId,
    })
    return id
  }

  async record(
    trx: Tx,
    claimId: string,
    actorId: string | null,
    action: 'claimed' | 'disputed' | 'released' | 'upheld' | 'auto_released' | 'warned' | 'cut' | 'trimmed',
    note: string | null,
    parties: { uploaderId: string; holderId: string },
  ): Promise<void> {
    await trx
      .insertInto('copyrightClaimHistory')
      .values({ id: newId(), claimId, actorId, action, note })
      .execute()
    await appendEvents(trx, [
      domainEvent({
        type: `copyright.${EVENT_OF[action]}`,
        actorId,
        subject: { kind: 'copyright_claim', id: claimId },
        data: { ...parties, action },
      }),
    ])
  }

  /** The video's state from its claims: blocked while a blocking claim stands; its blocked countries. */
  async apply(trx: Tx, videoId: string): Promise<void> {
    const standing = await trx
      .selectFrom('copyrightClaims')
      .select(['policy', 'blockedCountries'])
      .where('videoId', '=', videoId)
      .where('state', '!=', 'released')
      .execute()
    const countries = [...new Set(standing.flatMap((c) => c.blockedCountries))].sort()
    await trx
      .updateTable('videos')
      .set({ copyrightBlockedCountries: countries })
      .where('id', '=', videoId)
      .execute()
    const blocked = standing.some((c) => c.policy === 'block')
    await this.deps.videos.checked(trx, videoId, blocked ? 'blocked' : 'ready')
  }

  private rows(db: Kysely<DB>) {
    return db
      .selectFrom('copyrightClaims as c')
      .innerJoin('copyrightReferences as r', 'r.id', 'c.referenceId')
      .selectAll('c')
      .select('r.title as referenceTitle')
  }

  async get(actor: Actor, id: string): Promise<ClaimView> {
    const row = await this.rows(this.deps.db).where('c.id', '=', id).executeTakeFirst()
    if (!row || !(actor.admin || row.uploaderId === actor.id || row.holderId === actor.id))
      throw new HttpError(problems.notFound, 'No such claim')
    return this.view(row)
  }

  private async view(row: Row): Promise<ClaimView> {
    const { db } = this.deps
    const dispute = await db
      .selectFrom('copyrightDisputes')
      .selectAll()
      .where('claimId', '=', row.id)
      .executeTakeFirst()
    const history = await db
      .selectFrom('copyrightClaimHistory')
      .selectAll()
      .where('claimId', '=', row.id)
      .orderBy('at')
      .orderBy('id')
      .execute()
    return {
      id: row.id,
      videoId: row.videoId,
      streamId: row.streamId,
      referenceId: row.referenceId,
      referenceTitle: row.referenceTitle,
      uploaderId: row.uploaderId,
      holderId: row.holderId,
      origin: row.origin as ClaimView['origin'],
      segments: row.segments as unknown as MatchSegment[],
      confidence: row.confidence,
      policy: row.policy as PolicyAction,
      blockedCountries: row.blockedCountries,
      state: row.state as ClaimState,
      dispute: dispute
        ? {
            reason: dispute.reason,
            dueAt: dispute.dueAt.toISOString(),
            decision: dispute.decision as 'released' | 'upheld' | null,
            decidedBy: dispute.decidedBy,
            decidedAt: dispute.decidedAt?.toISOString() ?? null,
          }
        : null,
      history: history.map((h) => ({
        action: h.action,
        actorId: h.actorId,
        note: h.note,
        at: h.at.toISOString(),
      })),
      warnedAt: row.warnedAt?.toISOString() ?? null,
      cutAt: row.cutAt?.toISOString() ?? null,
      revenue: (await this.deps.revenue?.of(db, row.id)) ?? [],
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  /** Claims on the viewer's videos (`uploader`), by their references (`holder`), or all (admins). */
  async list(actor: Actor, as: 'uploader' | 'holder' | 'all', cursor: string | undefined, limit: number) {
    let q = this.rows(this.deps.db)
    if (as === 'all') {
      if (!actor.admin) throw new HttpError(problems.forbidden, 'Only admins see every claim')
    } else q = q.where(as === 'uploader' ? 'c.uploaderId' : 'c.holderId', '=', actor.id)
    const rows = await q.$call(newestFirst('c.createdAt', 'c.id', decodeCursor(cursor), limit)).execute()
    const views = await Promise.all(rows.slice(0, limit).map((r) => this.view(r)))
    return page(
      rows.map((r, i) => ({ ...r, v: views[i] })),
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => r.v!,
    )
  }

  /** The uploader disputes the claim, once: the holder has `disputeDays` to answer. */
  async dispute(actor: Actor, id: string, reason: string): Promise<ClaimView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const claim = await trx
        .selectFrom('copyrightClaims')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!claim || claim.uploaderId !== actor.id)
        throw new HttpError(problems.notFound, 'No such claim on your videos')
      const earlier = await trx
        .selectFrom('copyrightDisputes')
        .select('claimId')
        .where('claimId', '=', id)
        .executeTakeFirst()
      if (earlier || claim.state !== 'active') throw new HttpError(copyrightProblems.alreadyDisputed)
      await trx
        .insertInto('copyrightDisputes')
        .values({
          claimId: id,
          reason,
          dueAt: sql`now() + make_interval(days => ${this.deps.disputeDays})`,
        })
        .execute()
      await trx
        .updateTable('copyrightClaims')
        .set({ state: 'disputed', updatedAt: sql`now()` })
        .where('id', '=', id)
        .execute()
      await this.record(trx, id, actor.id, 'disputed', reason, claim)
    })
    return this.get(actor, id)
  }

  /** The holder (or an admin) answers a dispute: release (the claim no longer applies) or uphold. */
  async decide(actor: Actor, id: string, decision: 'released' | 'upheld'): Promise<ClaimView> {
    await this.deps.db.transaction().execute(async (trx) => {
      const claim = await trx
        .selectFrom('copyrightClaims')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!claim || !(claim.holderId === actor.id || actor.admin))
        throw new HttpError(problems.notFound, 'No such claim by your references')
      if (claim.state !== 'disputed') throw new HttpError(copyrightProblems.notDisputed)
      await this.settle(trx, claim, decision, actor.id)
    })
    return this.get(actor, id)
  }

  private async settle(
    trx: Tx,
    claim: Selectable<CopyrightClaims>,
    decision: 'released' | 'upheld',
    actorId: string | null,
  ): Promise<void> {
    await trx
      .updateTable('copyrightDisputes')
      .set({ decision, decidedBy: actorId, decidedAt: sql`now()` })
      .where('claimId', '=', claim.id)
      .execute()
    await trx
      .updateTable('copyrightClaims')
      .set({ state: decision, updatedAt: sql`now()` })
      .where('id', '=', claim.id)
      .execute()
    await this.record(trx, claim.id, actorId, actorId ? decision : 'auto_released', null, claim)
    // Shares of a monetize claim held during the dispute.
    await this.deps.revenue?.settle(trx, claim, decision === 'upheld' ? 'holder' : 'uploader')
    if (claim.videoId) await this.apply(trx, claim.videoId)
  }

  /** Disputes past their due date without an answer are released. Returns how many. */
  async releaseOverdue(): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('copyrightDisputes as d')
        .innerJoin('copyrightClaims as c', 'c.id', 'd.claimId')
        .selectAll('c')
        .where('d.decision', 'is', null)
        .where('d.dueAt', '<=', sql<Date>`now()`)
        .where('c.state', '=', 'disputed')
        .limit(100)
        .forUpdate()
        .skipLocked()
        .execute()
      // Their balances next, all in the ledger's order (one posting per claim would lock them claim by claim).
      await this.deps.revenue?.lockBalances(trx, due)
      for (const claim of due) await this.settle(trx, claim, 'released', null)
      return due.length
    })
  }
}
