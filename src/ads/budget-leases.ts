import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Billing } from './billing.ts'
import type { CampaignIndex, IndexedCampaign } from './campaign-index.ts'

interface Held {
  id: string
  campaignId: string
  day: string
  amountMilli: number
  usedMilli: number
  expiresAt: number
}

/** Slices a serving waits for at most (others used the ones before) before it gives its slot up. */
const MAX_ROUNDS = 64

/** A slice is this share of the daily budget (at least one serving): about 15 minutes of paced spend. */
const SLICE_OF_DAILY = 1 / 100

/**
 * The budget slices this node holds, one per CPM campaign it serves (sql/0074). A serving takes
 * its price from the slice in memory; only when a slice is used up, expired or of another day
 * does the node ask the database for the next one (one request per campaign at a time, the
 * servings that need it waiting for it). The database grants a slice only within the campaign's
 * budgets and the advertiser's balance, so no number of nodes over-spends. What a node did not
 * serve of a slice goes back when it expires (`sweep`) or the node stops (`close`); a node that
 * dies leaves its slices to the workers' settlement, once its servings' tokens have expired.
 */
export class BudgetLeases {
  private readonly held = new Map<string, Held>()
  private readonly acquiring = new Map<string, Promise<boolean>>()
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly deps: {
      billing: Billing
      index: Pick<CampaignIndex, 'charged' | 'committed' | 'exhausted'>
      leaseSeconds: number
      log: Logger
    },
  ) {}

  /**
   * Takes `priceMilli` of the campaign's budget for one serving: the lease it came from, or
   * undefined when the campaign's budgets or the balance have no room for it.
   */
  async take(c: IndexedCampaign, priceMilli: number, day: string): Promise<string | undefined> {
    // Each round either serves or waits for a slice granted (budget the others serve from).
    for (let attempt = 0; attempt < MAX_ROUNDS; attempt++) {
      const h = this.held.get(c.id)
      if (h && h.day === day && h.expiresAt > Date.now() && h.amountMilli - h.usedMilli >= priceMilli) {
        h.usedMilli += priceMilli
        this.deps.index.charged(c.id, day, priceMilli)
        return h.id
      }
      const pending = this.acquiring.get(c.id)
      if (pending) {
        if (!(await pending)) return undefined
        continue
      }
      const acquired = this.acquire(c, priceMilli, day).finally(() => this.acquiring.delete(c.id))
      this.acquiring.set(c.id, acquired)
      if (!(await acquired)) return undefined
    }
    return undefined
  }

  private async acquire(c: IndexedCampaign, priceMilli: number, day: string): Promise<boolean> {
    const old = this.held.get(c.id)
    if (old) {
      this.held.delete(c.id)
      await this.giveBack(old)
    }
    const id = newId()
    const seconds = this.deps.leaseSeconds
    const grant = await this.deps.billing.lease(id, c.id, day, {
      amountMilli: Math.max(priceMilli, Math.floor(c.dailyMilli * SLICE_OF_DAILY)),
      minMilli: priceMilli,
      seconds,
    })
    if (grant.amountMilli === 0) {
      this.deps.index.exhausted(c.id)
      return false
    }
    this.held.set(c.id, {
      id,
      campaignId: c.id,
      day,
      amountMilli: grant.amountMilli,
      usedMilli: 0,
      // A little before the database's end of the lease: the node's clock may run behind.
      expiresAt: Date.now() + seconds * 1000 - 1000,
    })
    // For pacing the slice is not spent yet: what this node holds unused is taken off.
    this.deps.index.committed(
      c.id,
      day,
      grant.spentMilli - grant.amountMilli,
      grant.spentDayMilli - grant.amountMilli,
    )
    return true
  }

  private async giveBack(h: Held): Promise<void> {
    if (h.usedMilli >= h.amountMilli) return
    try {
      await this.deps.billing.giveBack(h.id, h.usedMilli)
    } catch (error) {
      // Not lost: the workers' settlement returns it once the lease's servings have expired.
      this.deps.log.warn({ err: error, lease: h.id }, 'ads: giving a budget slice back failed')
    }
  }

  /** Gives back the slices that expired; every lease period until `close`. */
  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.deps.leaseSeconds * 1000)
  }

  async sweep(now = Date.now()): Promise<void> {
    for (const [campaignId, h] of this.held)
      if (h.expiresAt <= now && !this.acquiring.has(campaignId)) {
        this.held.delete(campaignId)
        await this.giveBack(h)
      }
  }

  /** Stops sweeping and gives every slice back. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await Promise.allSettled([...this.acquiring.values()])
    const held = [...this.held.values()]
    this.held.clear()
    await Promise.all(held.map((h) => this.giveBack(h)))
  }
}
