/** How long a stream's chat lines gather before their screening job is queued. */
export const CHAT_BATCH_MS = 2_000
/** A batch this large goes at once, whatever its age. */
export const CHAT_BATCH_LINES = 50

/**
 * Live-chat lines screened in batches: per stream, the lines stored on this node over
 * CHAT_BATCH_MS (or CHAT_BATCH_LINES of them, whichever comes first) go to one screening job,
 * rather than one job per line (a busy chat sends hundreds a minute). The line is in the room at
 * once either way; what the job finds applies when it lands (`chat.deleted`), up to the window
 * later than with a job per line. The batch is held in memory between the line's commit and the
 * job's: a node that dies in between leaves those lines unscreened (reports still reach them);
 * `close` queues what is held when a node drains.
 */
export class ChatBatcher {
  private readonly pending = new Map<string, string[]>()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly opts: {
      /** Queues one job for these lines (ids of live_chat_messages). */
      flush(lines: string[]): Promise<void>
      windowMs?: number
      maxLines?: number
      log?: { warn(obj: object, msg: string): void }
    },
  ) {}

  add(streamId: string, lineId: string): void {
    const lines = this.pending.get(streamId) ?? []
    lines.push(lineId)
    this.pending.set(streamId, lines)
    if (lines.length >= (this.opts.maxLines ?? CHAT_BATCH_LINES)) this.send(streamId)
    else if (!this.timers.has(streamId))
      this.timers.set(
        streamId,
        setTimeout(() => this.send(streamId), this.opts.windowMs ?? CHAT_BATCH_MS),
      )
  }

  /** Queues every batch held and waits for them. */
  async close(): Promise<void> {
    for (const streamId of [...this.pending.keys()]) this.send(streamId)
    await Promise.all(this.inFlight)
  }

  private send(streamId: string): void {
    clearTimeout(this.timers.get(streamId))
    this.timers.delete(streamId)
    const lines = this.pending.get(streamId)
    this.pending.delete(streamId)
    if (!lines?.length) return
    const sent: Promise<void> = this.opts
      .flush(lines)
      .catch((error: unknown) =>
        this.opts.log?.warn(
          { err: error, streamId, lines: lines.length },
          'chat lines not queued for screening',
        ),
      )
      .finally(() => this.inFlight.delete(sent))
    this.inFlight.add(sent)
  }
}
