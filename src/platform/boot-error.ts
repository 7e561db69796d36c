/**
 * A reason the process cannot start: a dependency down, a schema conflict. The entry point prints
 * the message (which names the setting to change) and exits non-zero, without a stack trace.
 */
export class BootError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BootError'
  }
}
