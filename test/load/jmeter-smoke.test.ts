/**
 * `npm test` runs a 20-second smoke of jmeter/prost.jmx through jmeter/run.sh (Debian's JMeter 2.13
 * through jmeter/launcher, or $JMETER_HOME) against the four services behind a private HAProxy
 * (startIngressStack), and fails on any failed sample. The services get generous general and ballot
 * limits: JMeter's threads all come from one IP. The per-IP login/registration limit (10 a minute) stays as
 * it is; the plan's set-up spends `users` (3) of it.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngressStack, testBackends, uniqueName, type IngressStack } from '@prost/test-support'

const root = path.resolve(import.meta.dirname, '../..')
let stack: IngressStack | undefined

beforeAll(async () => {
  stack = await startIngressStack({
    env: { '*': { RATE_LIMIT_MAX: '100000', BALLOT_RATE_LIMIT_MAX: '10000' } },
  })
})

afterAll(async () => {
  await stack?.stop()
})

function runPlan(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn('bash', [path.join(root, 'jmeter/run.sh'), ...args], { cwd: root, env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

describe('JMeter smoke of jmeter/prost.jmx', () => {
  it('runs the user mix for 20 s through the ingress with no failed sample', async () => {
    const results = path.join(testBackends().dataDir, uniqueName('jmeter'))
    mkdirSync(results, { recursive: true })
    const started = Date.now()
    const { code, output } = await runPlan(
      [
        'jmeter/prost.jmx',
        '-Jhost=127.0.0.1',
        `-Jport=${stack!.port}`,
        '-Jduration=20',
        '-Jthreads=5',
        '-Jrampup=2',
      ],
      { ...process.env, PROST_JMETER_RESULTS: results },
    )
    const jtl = /results: (\S+\.jtl)/.exec(output)?.[1]
    expect(jtl, output).toBeTruthy()
    const samples = readFileSync(jtl!, 'utf8')
      .split('\n')
      .filter((line) => /^[0-9]+,/.test(line))
    const failed = samples.filter((line) => line.includes(',false,'))
    console.log(
      `[load] ${samples.length} samples, ${failed.length} failed, ${Math.round((Date.now() - started) / 1000)} s\n${output.slice(output.indexOf('JMeter summary'))}`,
    )
    expect(samples.length).toBeGreaterThan(0)
    expect(failed, output).toEqual([])
    expect(code, output).toBe(0)
    // Every kind of user of the mix ran: the set-up, guests and participants. (Which steps of a
    // participant's visit fit into 20 s depends on the random mix and think times on a busy machine.)
    const labels = [...new Set(samples.map((line) => line.split(',')[2] ?? ''))]
    expect(labels, output).toContain('setup: create seed event')
    for (const kind of ['guest:', 'participant:'])
      expect(
        labels.filter((l) => l.startsWith(kind)),
        output,
      ).not.toEqual([])
  })
})
