/**
 * A RabbitMQ virtual host of its own for each test or benchmark run. The machine's RabbitMQ is shared
 * with `npm start` and with other runs: on the default vhost, test traffic on the `prost.events`
 * exchange piled up in `npm start`'s durable queues (its next start then worked through thousands of
 * foreign messages first) and queues that tests left behind stayed forever. A vhost per run keeps
 * runs apart and is deleted, with everything in it, when the run stops; one left by a run that was
 * killed is deleted by the next run. Without rabbitmqctl rights (a laptop without root, a remote
 * AMQP_URL) the run uses the URL as given, as before.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ctl = (...args: string[]) => run('rabbitmqctl', ['-q', ...args], { timeout: 60_000 })
const RUN_VHOST = /^prost-(test|bench)-(\d+)$/

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface RunVhost {
  url: string
  drop(): Promise<void>
}

export async function privateVhost(baseUrl: string, purpose: 'test' | 'bench'): Promise<RunVhost> {
  const base = new URL(baseUrl)
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(base.hostname))
    return { url: baseUrl, drop: async () => {} }
  const name = `prost-${purpose}-${process.pid}`
  try {
    const { stdout } = await ctl('list_vhosts', 'name')
    for (const vhost of stdout.split('\n').map((line) => line.trim())) {
      const match = RUN_VHOST.exec(vhost)
      if (match && !alive(Number(match[2]))) await ctl('delete_vhost', vhost).catch(() => undefined)
    }
    await ctl('add_vhost', name)
    await ctl('set_permissions', '-p', name, decodeURIComponent(base.username || 'guest'), '.*', '.*', '.*')
  } catch (error) {
    console.warn(
      `[prost] no private RabbitMQ vhost for this ${purpose} run (${(error as Error).message.split('\n')[0]}); using ${base.host} as given`,
    )
    return { url: baseUrl, drop: async () => {} }
  }
  const url = new URL(baseUrl)
  url.pathname = `/${encodeURIComponent(name)}`
  return {
    url: url.toString(),
    drop: async () => {
      await ctl('delete_vhost', name).catch(() => undefined)
    },
  }
}
