/**
 * Private server instances a test may stop and restart (the shared Redis/RabbitMQ must never be
 * stopped), and Toxiproxy links to cut a connection on purpose. Each is stopped by the test.
 */
import { startPrivateRedis } from '../../scripts/stack/stores.js'
import { startProcess } from '../../scripts/stack/processes.js'
import { waitUntil } from '../../scripts/stack/net.js'
import { testBackends, uniqueName } from './backends.js'

export async function privateRedis() {
  const { dataDir, logDir } = testBackends()
  const name = uniqueName('redis')
  const server = await startPrivateRedis({ data: dataDir, logs: logDir }, name)
  return {
    url: server.url,
    port: server.port,
    stop: () => server.proc.stop('SIGKILL'),
    /** Starts a fresh redis-server on the same port (a restart after a crash). */
    async restart() {
      const proc = startProcess(
        `${name}-again`,
        'redis-server',
        ['--port', String(server.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { logDir },
      )
      await waitUntil(
        async () => {
          const { Redis } = await import('ioredis')
          const probe = new Redis(server.url, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
          })
          probe.on('error', () => undefined)
          try {
            await probe.connect()
            return (await probe.ping()) === 'PONG'
          } finally {
            probe.disconnect()
          }
        },
        10_000,
        'private redis did not restart',
      )
      return { stop: () => proc.stop('SIGKILL') }
    },
  }
}

/** A TCP link through Toxiproxy to `upstream` (host:port) that a test can cut and restore. */
export async function toxicLink(upstream: string) {
  const api = testBackends().toxiproxyUrl
  const name = uniqueName('link')
  const created = await fetch(`${api}/proxies`, {
    method: 'POST',
    body: JSON.stringify({ name, listen: '127.0.0.1:0', upstream, enabled: true }),
  })
  if (!created.ok) throw new Error(`toxiproxy: ${created.status} ${await created.text()}`)
  const { listen } = (await created.json()) as { listen: string }
  const setEnabled = async (enabled: boolean) => {
    const res = await fetch(`${api}/proxies/${name}`, { method: 'POST', body: JSON.stringify({ enabled }) })
    if (!res.ok) throw new Error(`toxiproxy: ${res.status} ${await res.text()}`)
  }
  return {
    listen,
    port: Number(listen.split(':').pop()),
    cut: () => setEnabled(false),
    restore: () => setEnabled(true),
    remove: () => fetch(`${api}/proxies/${name}`, { method: 'DELETE' }).then(() => undefined),
  }
}
