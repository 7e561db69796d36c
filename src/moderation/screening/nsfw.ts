import type { Label, Screener } from '../screener.ts'

export const NSFW_SOURCE = 'nsfwjs@4.4.0/mobilenet_v2'

/** What nsfwjs tells of an image: the probability of each of its classes. */
export type NsfwClasses = Record<'Drawing' | 'Hentai' | 'Neutral' | 'Porn' | 'Sexy', number>

/** An image's wait for the classifier thread before the job gives up on it (and retries later). */
const TIMEOUT_MS = 30_000

/**
 * Images through nsfwjs, in a worker thread of its own (nsfw-worker.ts): the model loads there on
 * the first image, and images are classified one after another there, never on the thread that
 * serves requests. Two labels with their scores for every image: `sexual` (porn and hentai) and
 * `nudity` (those and "sexy"); what they do is the policies' business.
 */
export class NsfwClassifier implements Screener {
  private worker: Worker | undefined
  private next = 0
  private readonly waiting = new Map<
    number,
    { resolve: (c: NsfwClasses) => void; reject: (e: Error) => void; timer: Timer }
  >()

  async screenText(): Promise<Label[]> {
    return []
  }

  async screenImage(bytes: Uint8Array): Promise<Label[]> {
    const c = await this.classify(bytes)
    const sexual = Math.min(1, c.Porn + c.Hentai)
    const nudity = Math.min(1, c.Porn + c.Hentai + c.Sexy)
    return [
      { value: 'sexual', score: round(sexual), source: NSFW_SOURCE },
      { value: 'nudity', score: round(nudity), source: NSFW_SOURCE },
    ]
  }

  classify(bytes: Uint8Array): Promise<NsfwClasses> {
    const worker = this.start()
    const id = this.next++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id)
        reject(new Error(`the image classifier did not answer within ${TIMEOUT_MS} ms`))
      }, TIMEOUT_MS)
      this.waiting.set(id, { resolve, reject, timer })
      worker.postMessage({ id, bytes })
    })
  }

  /** Ends the thread; images waiting are refused (their jobs run again). */
  async stop(): Promise<void> {
    this.worker?.terminate()
    this.worker = undefined
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer)
      w.reject(new Error('the image classifier stopped'))
      this.waiting.delete(id)
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(new URL('./nsfw-worker.ts', import.meta.url))
    worker.onmessage = (event: MessageEvent<{ id: number; classes?: NsfwClasses; error?: string }>) => {
      const { id, classes, error } = event.data
      const w = this.waiting.get(id)
      if (!w) return
      this.waiting.delete(id)
      clearTimeout(w.timer)
      if (classes) w.resolve(classes)
      else w.reject(new Error(`the image classifier failed: ${error}`))
    }
    worker.onerror = (event) => {
      this.worker = undefined
      for (const [id, w] of this.waiting) {
        clearTimeout(w.timer)
        w.reject(new Error(`the image classifier thread died: ${event.message}`))
        this.waiting.delete(id)
      }
    }
    // The thread does not keep the process alive on its own.
    worker.unref()
    this.worker = worker
    return worker
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
