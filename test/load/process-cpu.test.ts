import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { CpuMeter, cpuSeconds, pidsNamed } from '../../bench/process-cpu.js'

/** Keeps this thread busy for `ms` (the CPU the meter must see). */
function spin(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until);
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A node process that spins for `ms` on its main thread, says so, then idles until killed. */
async function busyChild(ms: number) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const t = Date.now(); while (Date.now() - t < ${ms}); console.log('spun'); setInterval(() => {}, 1000)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  children.push(child)
  await once(child.stdout!, 'data')
  return child
}

describe.skipIf(!existsSync('/proc/self/task'))('CPU per operation from /proc (bench/process-cpu.ts)', () => {
  it('counts the main thread apart from the others, and nothing for a process that is gone', () => {
    const before = cpuSeconds(process.pid, 'main')
    spin(300)
    const spent = cpuSeconds(process.pid, 'main') - before
    expect(spent).toBeGreaterThanOrEqual(0.2)
    expect(spent).toBeLessThan(2)
    // The main thread is read first: CPU only grows, so the whole process read after it is never less.
    const main = cpuSeconds(process.pid, 'main')
    expect(cpuSeconds(process.pid, 'all')).toBeGreaterThanOrEqual(main)
    expect(cpuSeconds(process.pid, 'others')).toBeGreaterThanOrEqual(0)
    expect(cpuSeconds(2 ** 22 + 1)).toBe(0)
  })

  it('finds processes by command name', async () => {
    const child = spawn('sleep', ['30'])
    children.push(child)
    await once(child, 'spawn')
    expect(pidsNamed('sleep')).toContain(child.pid)
    expect(pidsNamed('no-such-command-here')).toEqual([])
  })

  it('divides the CPU each group used during the work by the operations it did', async () => {
    let started: ChildProcess | undefined
    const meter = new CpuMeter({
      here: { pids: () => [process.pid], threads: 'main' },
      // Not running when the work starts: what it uses counts from zero.
      child: { pids: () => (started?.pid ? [started.pid] : []) },
      idle: { pids: () => [] },
    })
    const result = await meter.around(
      async () => {
        spin(300)
        started = await busyChild(400)
        return { requests: 4 }
      },
      (r) => r.requests,
    )
    expect(result).toEqual({ requests: 4 })
    const per = meter.perOperation()
    // 300 ms here and 400 ms in the child over 4 operations, less the 10 ms granularity of /proc.
    expect(per.here).toBeGreaterThanOrEqual(50_000)
    expect(per.child).toBeGreaterThanOrEqual(75_000)
    expect(per.idle).toBe(0)
    expect(meter.describe()).toMatch(/^here [\d,]+ µs, child [\d,]+ µs, idle 0 µs \(total [\d,]+ µs\)$/)
  })
})
