/**
 * CPU time per operation, by process, read from /proc (Linux): where a throughput row's time goes.
 *
 * On this 2-core machine every process of a row (service, store, HAProxy, Redis, the load generator)
 * competes for the same cores, so a throughput ratio is mostly a ratio of CPU spent per operation.
 * Measured in the same rounds as the throughput, CPU per operation says which process a gap is in.
 * It is no steadier than req/s from round to round (a slower machine also spends more CPU per
 * request), so rows keep comparing throughput; this is their diagnosis.
 * Where /proc is missing (macOS), nothing is measured and `describe` says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'

/** Which of a process's threads to count: all, only the main (JavaScript) thread, or all but it. */
export type Threads = 'all' | 'main' | 'others'

export interface CpuGroup {
  /** The group's processes, looked up again at every reading (PostgreSQL starts a backend per connection). */
  pids: () => number[]
  threads?: Threads
}

const available = existsSync('/proc/self/task')
/** USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on Linux. */
const TICKS_PER_SECOND = 100

/** utime + stime of one /proc stat line, in seconds (the command name may contain spaces and parentheses). */
function statSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/** CPU seconds `pid` has used so far, over the chosen threads; 0 once it has exited. */
export function cpuSeconds(pid: number, threads: Threads = 'all'): number {
  try {
    if (threads === 'all') return statSeconds(`/proc/${pid}/stat`)
    const main = statSeconds(`/proc/${pid}/task/${pid}/stat`)
    return threads === 'main' ? main : statSeconds(`/proc/${pid}/stat`) - main
  } catch {
    return 0
  }
}

/** Processes whose command name (/proc/<pid>/comm, at most 15 characters) starts with `prefix`. */
export function pidsNamed(prefix: string): number[] {
  if (!available) return []
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(prefix)) pids.push(Number(entry))
    } catch {
      // exited while listed
    }
  }
  return pids
}

/** Adds up, per group, the CPU its processes use while measured work runs, and the operations done. */
export class CpuMeter {
  private readonly spent = new Map<string, number>()
  private operations = 0

  constructor(private readonly groups: Record<string, CpuGroup>) {}

  private reading(): Map<string, Map<number, number>> {
    const now = new Map<string, Map<number, number>>()
    for (const [name, group] of Object.entries(this.groups)) {
      const byPid = new Map<number, number>()
      for (const pid of group.pids()) byPid.set(pid, cpuSeconds(pid, group.threads))
      now.set(name, byPid)
    }
    return now
  }

  /** Runs `work`, counting `operations(result)` and the CPU each group used meanwhile. */
  async around<T>(work: () => Promise<T>, operations: (result: T) => number): Promise<T> {
    if (!available) return work()
    const before = this.reading()
    const result = await work()
    const after = this.reading()
    for (const [name, byPid] of after) {
      let used = 0
      // A process that started during the work counts from zero.
      for (const [pid, seconds] of byPid) used += seconds - (before.get(name)?.get(pid) ?? 0)
      this.spent.set(name, (this.spent.get(name) ?? 0) + used)
    }
    this.operations += operations(result)
    return result
  }

  /** Microseconds of CPU per operation, by group. */
  perOperation(): Record<string, number> {
    return Object.fromEntries(
      Object.keys(this.groups).map((name) => [
        name,
        this.operations > 0 ? (1e6 * (this.spent.get(name) ?? 0)) / this.operations : 0,
      ]),
    )
  }

  /** "voting 1,091 µs, ferretdb 912 µs, … (total 3,248 µs)" per operation, for the bench's log. */
  describe(): string {
    if (!available) return 'CPU per operation: not measured (no /proc)'
    const per = this.perOperation()
    const total = Object.values(per).reduce((sum, us) => sum + us, 0)
    const parts = Object.entries(per).map(([name, us]) => `${name} ${Math.round(us).toLocaleString('en')} µs`)
    return `${parts.join(', ')} (total ${Math.round(total).toLocaleString('en')} µs)`
  }
}
