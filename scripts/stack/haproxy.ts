/**
 * The local ingress: an HAProxy config rendered from routes.json (the same table the Helm Ingress
 * uses), so path routing, WebSocket upgrades and timeouts match production.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { routes as defaultRoutes, type RouteTable } from './routes.js'
import { startProcess } from './processes.js'
import type { StackDirs } from './stores.js'
import { waitUntil } from './net.js'

export interface Upstreams {
  /** host:port list per service name (several for replicas), plus "web". */
  [name: string]: string[]
}

/**
 * Request ids and trace ids at the ingress, for a frontend: an X-Request-Id on every request, and a
 * log line per request that names its trace (the caller's traceparent, else the service's
 * traceresponse). docker/haproxy.cfg carries the same lines (test/deploy/consistency.test.ts).
 */
export const TRACE_LOG_LINES = [
  'unique-id-format %{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid',
  'http-request set-header X-Request-Id %[unique-id] unless { req.hdr(x-request-id) -m found }',
  'http-request set-var(txn.trace_id) req.hdr(traceparent),field(2,-) if { req.hdr(traceparent) -m found }',
  'http-response set-var(txn.trace_id) res.hdr(traceresponse),field(2,-) if !{ var(txn.trace_id) -m found } { res.hdr(traceresponse) -m found }',
  'log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r trace_id=%[var(txn.trace_id)]"',
] as const

export function renderHaproxyConfig(
  listenPort: number,
  upstreams: Upstreams,
  table: RouteTable = defaultRoutes,
) {
  const acls: string[] = []
  const uses: string[] = []
  const backends: string[] = []
  // Longest prefixes first, so /api/events never swallows a longer, more specific path.
  const entries = table.services
    .flatMap((s) => s.prefixes.map((prefix) => ({ service: s.name, prefix })))
    .sort((a, b) => b.prefix.length - a.prefix.length)
  for (const { service, prefix } of entries) {
    const acl = `path_${service}_${prefix.replace(/[^a-z0-9]/gi, '_')}`
    // Two lines with one name are ORed: the prefix itself, or anything below it.
    acls.push(`  acl ${acl} path ${prefix}`, `  acl ${acl} path_beg ${prefix}/`)
    uses.push(`  use_backend ${service} if ${acl}`)
  }
  for (const service of [...table.services.map((s) => s.name), 'web']) {
    const servers = upstreams[service] ?? []
    const health = service === 'web' ? '/' : '/healthz'
    backends.push(
      [
        `backend ${service}`,
        '  balance roundrobin',
        // Fastify refuses requests without a Host header, so the check sends HTTP/1.1 with one.
        '  option httpchk',
        `  http-check send meth GET uri ${health} ver HTTP/1.1 hdr Host localhost`,
        '  http-check expect status 200',
        '  retry-on conn-failure empty-response response-timeout 503',
        '  option redispatch',
        ...servers.map((s, i) => `  server ${service}${i + 1} ${s} check inter 1s fall 2 rise 1`),
      ].join('\n'),
    )
  }
  return `# Rendered by scripts/stack/haproxy.ts from scripts/stack/routes.json; do not edit.
global
  # Each connection needs two descriptors; stay well under common ulimits.
  maxconn 4000
  # Every request is logged (with its trace id): info, not just warnings.
  log stdout format raw local0 info

defaults
  mode http
  log global
  option log-health-checks
  option httplog
  option forwardfor
  retries 3
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  # WebSocket connections live long; the tunnel timeout covers them after the upgrade.
  timeout tunnel 1h
  timeout http-request 10s
  timeout queue 10s

frontend ingress
  bind 127.0.0.1:${listenPort}
  bind ::1:${listenPort} v6only
  http-request set-header X-Forwarded-Proto http
  # An X-Request-Id on every request that has none. W3C traceparent passes through untouched to the
  # service (which continues the caller's trace or starts one). The log line names the trace: the
  # caller's, or the one the service answered with in its traceresponse header (set by the kit when
  # tracing is on).
${TRACE_LOG_LINES.map((line) => `  ${line}`).join('\n')}
${table.internalPathRules.haproxy.map((line) => `  ${line}`).join('\n')}
${acls.join('\n')}
${uses.join('\n')}
  default_backend web

${backends.join('\n\n')}
`
}

export async function startHaproxy(
  dirs: StackDirs,
  listenPort: number,
  upstreams: Upstreams,
  name = 'haproxy',
) {
  const configFile = path.join(dirs.data, `${name}.cfg`)
  writeFileSync(configFile, renderHaproxyConfig(listenPort, upstreams))
  const bin = process.env.PROST_HAPROXY_BIN ?? 'haproxy'
  const proc = startProcess(name, bin, ['-db', '-f', configFile], { logDir: dirs.logs })
  // HAProxy counts servers down until their first health check passes: wait for every routed service.
  const healthPaths = defaultRoutes.services.filter((s) => upstreams[s.name]?.length).map((s) => s.health)
  await waitUntil(
    async () => {
      const answers = await Promise.all(
        healthPaths.map((p) =>
          fetch(`http://127.0.0.1:${listenPort}${p}`, { signal: AbortSignal.timeout(1000) }),
        ),
      )
      return answers.every((res) => res.ok)
    },
    20_000,
    `HAProxy on ${listenPort} does not reach every service; see ${proc.logFile}`,
  )
  return { url: `http://127.0.0.1:${listenPort}`, configFile, proc }
}
