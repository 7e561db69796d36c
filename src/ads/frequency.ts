/** Counts kept at most (the oldest days' and viewers' go first). */
const MAX_COUNTS = 200_000

/**
 * Servings per viewer, campaign and UTC day on this node: frequency caps at serving, without the
 * database. A viewer whose pages go to several nodes may be served up to the cap on each; billing
 * counts viewable impressions per viewer in the database (`ad_bill_impression`) and bills none
 * past the cap, so the cap is never charged over.
 */
export class ServingFrequency {
  private readonly counts = new Map<string, number>()

  /** Counts one serving if the cap allows it; false when the viewer reached it today. */
  take(viewerKey: string, campaignId: string, day: string, cap: number | null): boolean {
    if (cap === null) return true
    const key = `${day}|${campaignId}|${viewerKey}`
    const n = this.counts.get(key) ?? 0
    if (n >= cap) return false
    this.counts.set(key, n + 1)
    if (n === 0 && this.counts.size > MAX_COUNTS) this.counts.delete(this.counts.keys().next().value!)
    return true
  }

  /** A serving counted but not made (its budget refused): uncounted. */
  untake(viewerKey: string, campaignId: string, day: string, cap: number | null): void {
    if (cap === null) return
    const key = `${day}|${campaignId}|${viewerKey}`
    const n = this.counts.get(key) ?? 0
    if (n > 1) this.counts.set(key, n - 1)
    else this.counts.delete(key)
  }
}
