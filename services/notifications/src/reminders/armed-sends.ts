/**
 * At most `limit` deliveries of this process between their send lock and their departure, admitted in
 * arrival order. A delivery there is `sending` with its lock taken: a crash loses it (by design, never a
 * duplicate), so the bound keeps that loss to a fraction of a second's sends, while still letting the
 * next deliveries' writes overlap the current departures.
 */
export class ArmedSends {
  private armed = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once there is room; false if `signal` aborted first. */
  async enter(signal?: AbortSignal): Promise<(() => void) | false> {
    if (signal?.aborted) return false
    if (this.armed >= this.limit) {
      const admitted = await new Promise<boolean>((resolve) => {
        const admit = () => {
          signal?.removeEventListener('abort', abort)
          resolve(true)
        }
        const abort = () => {
          const at = this.waiting.indexOf(admit)
          if (at >= 0) this.waiting.splice(at, 1)
          resolve(false)
        }
        this.waiting.push(admit)
        signal?.addEventListener('abort', abort, { once: true })
      })
      if (!admitted) return false
    } else {
      this.armed++
    }
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      // The slot passes straight to the next in line (armed stays the same), else it frees up.
      if (next) next()
      else this.armed--
    }
  }
}
