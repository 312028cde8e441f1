// charts/prost observability: the OTEL_* environment per component, the optional OpenTelemetry
// Collector, W3C trace context at the ingress (run through a real HAProxy), the PrometheusRule
// (promtool check + promtool unit tests) and the Grafana dashboard (every query parses and names
// metrics the code really exports).
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { isDeepStrictEqual } from 'node:util'
import { join } from 'node:path'
import { parse, stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportedMetrics, referencedMetrics, unknownMetrics } from './exported-metrics.js'
import { type KubeObject, ofKind, prostChart, renderChart, selects } from './manifests.js'
import { haproxyBinary, promtoolBinary, readRepoFile, repoPath, run } from './repo.js'

interface ChartValues {
  components: Record<string, { runtime: string; port: number }>
  tracing: { preload: string; sampler: string; samplerArg: string }
}
const values = parse(readRepoFile('charts/prost/values.yaml')) as ChartValues
const nodeComponents = Object.entries(values.components)
  .filter(([, component]) => component.runtime === 'node')
  .map(([name]) => name)

type ConfigMap = KubeObject & { data?: Record<string, string> }
interface PodTemplate {
  spec: {
    template: {
      metadata: { labels: Record<string, string> }
      spec: {
        containers: {
          image: string
          args?: string[]
          ports?: { name: string; containerPort: number }[]
          readinessProbe?: { httpGet?: { path: string; port: string } }
          livenessProbe?: { httpGet?: { path: string; port: string } }
        }[]
      }
    }
  }
}
interface Rule {
  to?: { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: object }[]
  from?: { podSelector?: { matchLabels?: Record<string, string> } }[]
  ports?: { port: number }[]
}
type NetworkPolicy = KubeObject & {
  spec: { podSelector: { matchLabels: Record<string, string> }; ingress?: Rule[]; egress?: Rule[] }
}

const componentOf = (object: KubeObject) => object.metadata.labels?.['app.kubernetes.io/component']
const configOf = (objects: KubeObject[], component: string) =>
  ofKind<ConfigMap>(objects, 'ConfigMap').find((map) => componentOf(map) === component)?.data ?? {}
const otelKeys = (data: Record<string, string>) =>
  Object.keys(data).filter((key) => key.startsWith('OTEL_') || key === 'NODE_OPTIONS')

const set = (...pairs: string[]) => pairs.flatMap((pair) => ['--set', pair])
const tracingOn = set('tracing.enabled=true', 'tracing.endpoint=http://otel.observability:4318')
const collectorOn = set(
  'tracing.enabled=true',
  'tracing.collector.enabled=true',
  'tracing.collector.exporter.endpoint=jaeger-collector.observability:4317',
)
const monitoringOn = set('metrics.prometheusRule.enabled=true', 'metrics.grafanaDashboard.enabled=true')

const snippetOf = (objects: KubeObject[]) =>
  ofKind(objects, 'Ingress')[0]?.metadata.annotations?.['haproxy.org/backend-config-snippet'] ?? ''

function renders(extraArgs: string[]): boolean {
  try {
    renderChart(prostChart, [], extraArgs)
    return true
  } catch {
    return false
  }
}

describe('tracing environment', () => {
  it('is off by default, and when tracing.enabled names no endpoint: no OTEL_*, no preload', () => {
    for (const objects of [
      renderChart(prostChart, []),
      renderChart(prostChart, [], set('tracing.enabled=true')),
    ]) {
      const leaks = nodeComponents.flatMap((component) => otelKeys(configOf(objects, component)))
      expect(leaks).toEqual([])
      expect(snippetOf(objects)).not.toContain('traceparent')
      expect(ofKind(objects, 'Deployment').map(componentOf)).not.toContain('otel-collector')
    }
  })

  it('gives every Node component its service name, the endpoint, the sampler and the preload', () => {
    const objects = renderChart(prostChart, [], tracingOn)
    for (const component of nodeComponents) {
      const data = configOf(objects, component)
      expect(data, component).toMatchObject({
        OTEL_SERVICE_NAME: `prost-${component}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel.observability:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_SAMPLER: values.tracing.sampler,
        OTEL_TRACES_SAMPLER_ARG: values.tracing.samplerArg,
        OTEL_PROPAGATORS: 'tracecontext,baggage',
        NODE_OPTIONS: `--import ${values.tracing.preload}`,
      })
      expect(data.OTEL_RESOURCE_ATTRIBUTES).toContain('deployment.environment=prod')
    }
    // The SPA (nginx) reads no environment at all.
    const web = ofKind<PodTemplate>(objects, 'Deployment').find((d) => componentOf(d) === 'web')
    expect(JSON.stringify(web?.spec.template.spec.containers)).not.toContain('OTEL_')
  })

  it('lets the Node components reach an existing collector through tracing.endpointEgress', () => {
    const egress = {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
      ports: [{ protocol: 'TCP', port: 4318 }],
    }
    const objects = renderChart(
      prostChart,
      [],
      [...tracingOn, '--set-json', `tracing.endpointEgress=[${JSON.stringify(egress)}]`],
    )
    const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy')
    const reaches = (component: string) =>
      policies
        .find((policy) => componentOf(policy) === component)
        ?.spec.egress?.some((rule) => isDeepStrictEqual(rule, egress))
    expect(Object.fromEntries(nodeComponents.map((c) => [c, reaches(c)]))).toEqual(
      Object.fromEntries(nodeComponents.map((c) => [c, true])),
    )
    expect(reaches('web')).toBe(false)
  })

  it('is on in dev (every trace) and prod (a sample), both through the chart collector', () => {
    const sampled = (file: string) => {
      const objects = renderChart(prostChart, [file])
      const data = configOf(objects, 'events')
      return {
        collector: ofKind(objects, 'Deployment').some((d) => componentOf(d) === 'otel-collector'),
        endpoint: data.OTEL_EXPORTER_OTLP_ENDPOINT,
        share: Number(data.OTEL_TRACES_SAMPLER_ARG),
      }
    }
    const [dev, prod] = [sampled('values-dev.yaml'), sampled('values-prod.yaml')]
    expect(dev).toEqual({ collector: true, endpoint: 'http://prost-otel-collector:4318', share: 1 })
    expect(prod.collector).toBe(true)
    expect(prod.share).toBeGreaterThan(0)
    expect(prod.share).toBeLessThan(1)
  })
})

describe('OpenTelemetry Collector', () => {
  const objects = renderChart(prostChart, [], collectorOn)
  const ofCollector = <T>(kind: string) =>
    ofKind<T>(objects, kind).find((object) => componentOf(object) === 'otel-collector')
  const deployment = ofCollector<PodTemplate>('Deployment')!
  const container = deployment.spec.template.spec.containers[0]!
  const config = parse(configOf(objects, 'otel-collector')['collector.yaml'] ?? '') as {
    receivers: { otlp: { protocols: Record<string, { endpoint: string }> } }
    processors: Record<string, unknown>
    exporters: Record<string, { endpoint: string; tls: { insecure: boolean } }>
    extensions: { health_check: { endpoint: string; path: string } }
    service: { extensions: string[]; pipelines: Record<string, Record<string, string[]>> }
  }

  it('is the endpoint of every Node component, through a Service that selects its pods', () => {
    const service = ofCollector<{ spec: { selector: Record<string, string>; ports: { port: number }[] } }>(
      'Service',
    )!
    expect(service.spec.ports.map((port) => port.port)).toEqual([4317, 4318])
    expect(selects(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true)
    for (const component of nodeComponents)
      expect(configOf(objects, component).OTEL_EXPORTER_OTLP_ENDPOINT, component).toBe(
        `http://${service.metadata.name}:4318`,
      )
    for (const kind of ['ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy'])
      expect(ofCollector(kind), kind).toBeDefined()
  })

  it('runs one traces pipeline: OTLP in, memory_limiter before batch, OTLP out to the configured backend', () => {
    expect(config.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp'] },
    })
    expect(config.exporters.otlp).toEqual({
      endpoint: 'jaeger-collector.observability:4317',
      tls: { insecure: true },
    })
    // Every component the pipeline names is configured (the collector refuses to start otherwise).
    const pipeline = config.service.pipelines.traces!
    expect(Object.keys(config.processors).sort()).toEqual([...pipeline.processors!].sort())
    expect(Object.keys(config.receivers)).toEqual(pipeline.receivers)
    expect(config.service.extensions).toEqual(Object.keys(config.extensions))
    // Listening on every interface (the collector's default is localhost since 0.104), on the container ports.
    const ports = Object.fromEntries((container.ports ?? []).map((port) => [port.name, port.containerPort]))
    expect(config.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: `0.0.0.0:${ports['otlp-grpc']}` },
      http: { endpoint: `0.0.0.0:${ports['otlp-http']}` },
    })
    expect(config.extensions.health_check).toEqual({
      endpoint: `0.0.0.0:${ports.health}`,
      path: container.readinessProbe?.httpGet?.path,
    })
    expect(container.livenessProbe?.httpGet).toEqual({
      path: config.extensions.health_check.path,
      port: 'health',
    })
    expect(container.args).toEqual(['--config=/conf/collector.yaml'])
    expect(container.image).toMatch(/^otel\/opentelemetry-collector:\d+\.\d+\.\d+$/)
  })

  it('exports over OTLP/HTTP when told to', () => {
    const http = renderChart(
      prostChart,
      [],
      [
        ...collectorOn,
        ...set(
          'tracing.collector.exporter.protocol=http',
          'tracing.collector.exporter.endpoint=https://tempo.example',
        ),
      ],
    )
    const httpConfig = parse(configOf(http, 'otel-collector')['collector.yaml'] ?? '') as typeof config
    expect(httpConfig.service.pipelines.traces?.exporters).toEqual(['otlphttp'])
    expect(httpConfig.exporters.otlphttp?.endpoint).toBe('https://tempo.example')
  })

  it('takes spans from every Node component and nobody else; reaches only DNS and its backend', () => {
    const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy')
    const collectorPolicy = policies.find((policy) => componentOf(policy) === 'otel-collector')!
    const collectorLabels = deployment.spec.template.metadata.labels
    const podLabels = (component: string) =>
      ofKind<PodTemplate>(objects, 'Deployment').find((d) => componentOf(d) === component)!.spec.template
        .metadata.labels
    for (const component of nodeComponents) {
      const admitted = collectorPolicy.spec.ingress?.some(
        (rule) =>
          rule.from?.some((peer) => selects(peer.podSelector?.matchLabels, podLabels(component))) &&
          rule.ports?.some((port) => port.port === 4318),
      )
      const allowedOut = policies
        .find((policy) => componentOf(policy) === component)
        ?.spec.egress?.some(
          (rule) =>
            rule.to?.some((peer) => selects(peer.podSelector?.matchLabels, collectorLabels)) &&
            rule.ports?.some((port) => port.port === 4318),
        )
      expect({ component, admitted, allowedOut }).toEqual({ component, admitted: true, allowedOut: true })
    }
    expect(collectorPolicy.spec.ingress).toHaveLength(1)
    expect(collectorPolicy.spec.egress?.flatMap((rule) => rule.ports?.map((port) => port.port))).toEqual([
      53, 53, 4317, 4318,
    ])
  })

  it('refuses to render without a backend to export to', () => {
    expect(renders(set('tracing.enabled=true', 'tracing.collector.enabled=true'))).toBe(false)
  })
})

describe('ingress trace context', () => {
  it('follows the /internal/ rules, and samples the traces it starts at the services rate', () => {
    const rate = (...pairs: string[]) =>
      /rand\(10000\) lt (\d+)/.exec(
        snippetOf(renderChart(prostChart, [], [...tracingOn, ...set(...pairs)])),
      )?.[1]
    expect(rate('tracing.samplerArg=0.05')).toBe('500')
    expect(rate('tracing.samplerArg=0.29')).toBe('2900')
    expect(rate('tracing.sampler=parentbased_always_on')).toBe('10000')
    expect(rate('tracing.sampler=always_off')).toBe('0')
    const lines = snippetOf(renderChart(prostChart, [], tracingOn)).split('\n')
    expect(lines[0]).toContain('internal_path')
    expect(lines.findIndex((line) => line.includes('traceparent'))).toBeGreaterThan(1)
  })

  describe.skipIf(!haproxyBinary())('through a real HAProxy (where it is installed)', () => {
    const logFormat = (
      parse(readRepoFile('argocd/apps/values.yaml')) as {
        backends: { ingressController: { values: { controller: { config: Record<string, string> } } } }
      }
    ).backends.ingressController.values.controller.config['log-format']!
    const seen: Record<string, string | undefined>[] = []
    const logs: string[] = []
    let backend: Server
    let haproxy: ReturnType<typeof spawn>
    let work: string
    let port: number

    beforeAll(async () => {
      // The backend answers with the trace headers it received.
      backend = createServer((request, response) => {
        seen.push({
          traceparent: request.headers.traceparent as string,
          tracestate: request.headers.tracestate as string,
        })
        response.end(JSON.stringify(seen.at(-1)))
      })
      await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
      port = await freePort()
      // The rendered backend snippet (every-request sampling, so the flag is predictable), in the
      // controller's log format.
      const snippet = snippetOf(
        renderChart(prostChart, [], [...tracingOn, ...['--set-string', 'tracing.samplerArg=1']]),
      )
      work = mkdtempSync(join(tmpdir(), 'prost-haproxy-trace-'))
      const config = [
        'global',
        '  log stdout format raw local0',
        'defaults',
        '  mode http',
        '  log global',
        '  option dontlognull', // the readiness probe's bare connect
        '  timeout connect 2s',
        '  timeout client 5s',
        '  timeout server 5s',
        `  log-format "${logFormat.replaceAll('"', '\\"')}"`,
        'frontend public',
        `  bind 127.0.0.1:${port}`,
        '  default_backend events',
        'backend events',
        ...snippet.split('\n').map((line) => `  ${line}`),
        `  server events 127.0.0.1:${(backend.address() as AddressInfo).port}`,
      ].join('\n')
      writeFileSync(join(work, 'haproxy.cfg'), `${config}\n`)
      const check = run(haproxyBinary()!, ['-c', '-f', join(work, 'haproxy.cfg')])
      expect(check.status, check.stderr + check.stdout).toBe(0)
      haproxy = spawn(haproxyBinary()!, ['-db', '-f', join(work, 'haproxy.cfg')])
      haproxy.stdout!.on('data', (chunk: Buffer) =>
        logs.push(...chunk.toString().split('\n').filter(Boolean)),
      )
      await untilListening(port)
    })

    afterAll(async () => {
      haproxy?.kill()
      await new Promise((resolve) => backend?.close(resolve))
      if (work) rmSync(work, { recursive: true, force: true })
    })

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
      return { status: response.status, body: await response.text() }
    }
    /** Waits until HAProxy has logged a line with each of these trace ids. */
    const untilLogged = async (traceIds: string[]) => {
      const logged = () => logs.map((line) => /trace_id=(\S+)/.exec(line)?.[1])
      await expect.poll(logged, { timeout: 5000 }).toEqual(expect.arrayContaining(traceIds))
    }

    it('passes a valid incoming traceparent (and its tracestate) through untouched, and logs its trace id', async () => {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
      const { body } = await get('/api/events/x', { traceparent, tracestate: 'vendor=1' })
      expect(JSON.parse(body)).toEqual({ traceparent, tracestate: 'vendor=1' })
      await untilLogged(['0af7651916cd43dd8448eb211c80319c'])
    })

    it('starts a trace for a request without one (or with a malformed one), and logs the id it forwarded', async () => {
      const fresh = JSON.parse((await get('/api/events/y')).body) as { traceparent: string }
      const replaced = JSON.parse(
        (await get('/api/events/z', { traceparent: '00-not-a-trace-01', tracestate: 'vendor=2' })).body,
      ) as { traceparent: string; tracestate?: string }
      for (const { traceparent } of [fresh, replaced])
        expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
      expect(replaced.tracestate).toBeUndefined()
      expect(fresh.traceparent.split('-')[1]).not.toBe(replaced.traceparent.split('-')[1])
      await untilLogged([fresh, replaced].map((r) => r.traceparent.split('-')[1]!))
    })

    it('still answers /internal/ paths 404 before any of it', async () => {
      expect((await get('/api/auth/internal/telegram-session')).status).toBe(404)
    })
  })
})

describe('PrometheusRule', () => {
  const objects = renderChart(prostChart, [], monitoringOn)
  const rule = ofKind<{ spec: { groups: { name: string; rules: { alert?: string; expr: string }[] }[] } }>(
    objects,
    'PrometheusRule',
  )[0]!
  const rules = rule.spec.groups.flatMap((group) => group.rules)

  it('is rendered only when metrics.prometheusRule.enabled (prod: labelled for kube-prometheus-stack)', () => {
    expect(ofKind(renderChart(prostChart, []), 'PrometheusRule')).toEqual([])
    const prod = ofKind(renderChart(prostChart, ['values-prod.yaml']), 'PrometheusRule')
    expect(prod.map((object) => object.metadata.labels?.release)).toEqual(['kube-prometheus-stack'])
  })

  it('alerts on reminder lag, reminders that never went out, dead-lettered reminders, the 5xx ratio and readiness flapping', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'ProstReminderLate',
        'ProstRemindersOverdue',
        'ProstReminderDeadLettered',
        'ProstHighErrorRatio',
        'ProstReadinessFlapping',
      ]),
    )
  })

  it('passes promtool check rules and its unit tests (each alert fires on trouble, not next to it)', () => {
    const promtool = promtoolBinary()
    const work = mkdtempSync(join(tmpdir(), 'prost-promtool-'))
    try {
      writeFileSync(join(work, 'rules.yaml'), stringify(rule.spec))
      copyFileSync(
        repoPath('test/deploy/fixtures/prost-alerts.promtest.yaml'),
        join(work, 'alerts.test.yaml'),
      )
      const check = run(promtool, ['check', 'rules', join(work, 'rules.yaml')])
      expect(check.status, check.stdout + check.stderr).toBe(0)
      const unit = run(promtool, ['test', 'rules', join(work, 'alerts.test.yaml')])
      expect(unit.status, unit.stdout + unit.stderr).toBe(0)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })

  it('names only metrics the code exports (or kube-state-metrics)', () => {
    const names = rules.flatMap((r) => referencedMetrics(r.expr))
    expect(rules.every((r) => referencedMetrics(r.expr).length > 0)).toBe(true)
    expect(unknownMetrics(names, exportedMetrics())).toEqual([])
  })

  it('takes its thresholds from values, and only a reminder-lag threshold that is a histogram bucket', () => {
    const tuned = ofKind<typeof rule>(
      renderChart(
        prostChart,
        [],
        [
          ...monitoringOn,
          ...set('metrics.prometheusRule.reminderLagSeconds=600'),
          ...set('metrics.prometheusRule.reminderOverdueSeconds=900'),
          // --set would make 0.05 a string; the schema wants a number.
          ...['--set-json', 'metrics.prometheusRule.errorRatio=0.05'],
        ],
      ),
      'PrometheusRule',
    )[0]!.spec.groups.flatMap((group) => group.rules)
    const expr = (alert: string) => tuned.find((r) => r.alert === alert)?.expr ?? ''
    expect(expr('ProstReminderLate')).toContain('le="600"')
    expect(expr('ProstHighErrorRatio')).toMatch(/> 0\.05$/)
    expect(expr('ProstRemindersOverdue')).toMatch(/prost_reminder_oldest_overdue_seconds\{.*\}\) > 900$/)
    expect(renders([...monitoringOn, ...set('metrics.prometheusRule.reminderLagSeconds=450')])).toBe(false)
  })
})

describe('Grafana dashboard', () => {
  interface Panel {
    id: number
    type: string
    title: string
    targets?: { refId: string; expr: string; datasource?: { uid: string } }[]
  }
  const objects = renderChart(prostChart, [], monitoringOn)
  const configMap = ofKind<ConfigMap>(objects, 'ConfigMap').find((map) => map.data?.['prost.json'])!
  const dashboard = JSON.parse(configMap.data!['prost.json']!) as {
    uid: string
    timezone: string
    panels: Panel[]
    templating: { list: { name: string; query?: string | { query: string } }[] }
  }
  const queries = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, ...target })),
  )

  it('ships as a ConfigMap with the Grafana sidecar label, which values can change', () => {
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1')
    const relabelled = ofKind(
      renderChart(
        prostChart,
        [],
        [...monitoringOn, '--set-json', 'metrics.grafanaDashboard.labels={"grafana_dashboard":"prost"}'],
      ),
      'ConfigMap',
    ).find((map) => map.metadata.name === configMap.metadata.name)
    expect(relabelled?.metadata.labels?.grafana_dashboard).toBe('prost')
    expect(ofKind(renderChart(prostChart, []), 'ConfigMap').map((map) => map.metadata.name)).not.toContain(
      configMap.metadata.name,
    )
  })

  it('is a dashboard with a uid, in UTC, with a Prometheus query behind every panel', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]+$/)
    expect(dashboard.timezone).toBe('utc')
    const empty = dashboard.panels.filter((panel) => panel.type !== 'row' && !panel.targets?.length)
    expect(empty.map((panel) => panel.title)).toEqual([])
    expect(queries.every((query) => query.datasource?.uid === '${datasource}')).toBe(true)
  })

  it('shows RED per route, board fan-out lag, reminder lag, unsent reminders and dead-letter depth', () => {
    const all = queries.map((query) => query.expr).join('\n')
    for (const needle of [
      /sum by \(job, route\) \(rate\(http_request_duration_seconds_count\{/,
      /status_code=~"5\.\."/,
      /histogram_quantile\(0\.95, sum by \(job, route, le\) \(rate\(http_request_duration_seconds_bucket/,
      /prost_board_fanout_lag_seconds_bucket/,
      /prost_reminder_lag_seconds_bucket/,
      /max by \(kind\) \(prost_reminder_oldest_overdue_seconds\{/,
      /max by \(kind\) \(prost_reminder_overdue_deliveries\{/,
      /prost_amqp_dead_letter_messages/,
    ])
      expect(all).toMatch(needle)
  })

  it('has queries that parse (promtool) and name only metrics the code exports', () => {
    // Grafana's variables as Prometheus would see them once Grafana substituted them.
    const concrete = (expr: string) =>
      expr.replaceAll('$__rate_interval', '1m').replaceAll('$namespace', 'prost').replaceAll('$job', '.*')
    const recording = {
      groups: [
        {
          name: 'dashboard',
          rules: queries.map((query, index) => ({
            record: `dashboard:query_${index}`,
            expr: concrete(query.expr),
          })),
        },
      ],
    }
    const work = mkdtempSync(join(tmpdir(), 'prost-dashboard-'))
    try {
      writeFileSync(join(work, 'queries.yaml'), stringify(recording))
      const check = run(promtoolBinary(), ['check', 'rules', join(work, 'queries.yaml')])
      expect(check.status, check.stdout + check.stderr).toBe(0)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
    const variableQueries = dashboard.templating.list.flatMap((variable) =>
      typeof variable.query === 'object' ? [variable.query.query] : [],
    )
    const names = [
      ...queries.flatMap((query) => referencedMetrics(query.expr)),
      ...variableQueries.flatMap((query) => /label_values\((\w+)/.exec(query)?.[1] ?? []),
    ]
    expect(queries.every((query) => referencedMetrics(query.expr).length > 0)).toBe(true)
    expect(unknownMetrics(names, exportedMetrics())).toEqual([])
  })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once something accepts connections on the port (beforeAll cannot use expect.poll). */
async function untilListening(port: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
  while (!(await accepts())) {
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
