// One route table, many copies: routes.json, the Helm Ingress, docker/haproxy.cfg and compose
// must agree, and every service folder must be deployable everywhere.
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { TRACE_LOG_LINES } from '../../scripts/stack/haproxy.js'
import { type KubeObject, ofKind, prostChart, renderChart } from './manifests.js'
import { readRepoFile, serviceFolders } from './repo.js'
import { parseHaproxyConfig, publicPrefixes, routedProcesses, routeTable } from './route-table.js'

interface Ingress {
  spec: {
    rules: {
      http: {
        paths: {
          path: string
          pathType: string
          backend: { service: { name: string; port: { name?: string; number?: number } } }
        }[]
      }
    }[]
  }
}
interface Deployment {
  spec: {
    template: {
      spec: { containers: { image: string; command?: string[]; ports?: { containerPort: number }[] }[] }
    }
  }
}
interface ComposeService {
  image?: string
  command?: string[]
  build?: { dockerfile?: string; args?: Record<string, string> }
  environment?: Record<string, string>
}

const objects = renderChart(prostChart, [])
const deployments = new Map(
  ofKind<Deployment>(objects, 'Deployment').map((deployment) => [deployment.metadata.name, deployment]),
)
const services = new Map(
  ofKind<{ spec: { ports: { name: string; port: number }[] } }>(objects, 'Service').map((service) => [
    service.metadata.name,
    service,
  ]),
)
const ingress = ofKind<Ingress>(objects, 'Ingress')[0] as (KubeObject & Ingress) | undefined
const compose = parse(readRepoFile('docker/compose.yaml'), { merge: true }) as {
  services: Record<string, ComposeService>
}
const haproxy = parseHaproxyConfig(readRepoFile('docker/haproxy.cfg'))
const serviceDockerfile = readRepoFile('docker/service.Dockerfile')

/** The image's working directory is services/<SERVICE> (see service.Dockerfile). */
const imageWorkdir = (image: string) => `services/${/prost-([a-z-]+)[:@]/.exec(image)?.[1] ?? '?'}`
/** `node dist/worker.js` run in services/notifications -> services/notifications/dist/worker.js */
const resolvedEntry = (image: string, command: string[] | undefined) =>
  command?.length
    ? `${imageWorkdir(image)}/${command[command.length - 1]}`
    : `${imageWorkdir(image)}/dist/server.js`

describe('every service folder', () => {
  it.each(serviceFolders())(
    '%s has a Deployment, a Service, ingress paths, a compose entry and builds from service.Dockerfile',
    (folder) => {
      const route = routeTable().services.find((service) => service.name === folder)
      expect(route, `${folder} is missing from scripts/stack/routes.json`).toBeDefined()
      expect(deployments.has(`prost-${folder}`), 'Deployment').toBe(true)
      expect(services.has(`prost-${folder}`), 'Service').toBe(true)
      const ingressServices =
        ingress?.spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.backend.service.name)) ?? []
      expect(ingressServices, 'Ingress path').toContain(`prost-${folder}`)
      expect(compose.services[folder]?.build?.dockerfile, 'compose build').toBe('docker/service.Dockerfile')
      expect(compose.services[folder]?.build?.args?.SERVICE, 'compose SERVICE build arg').toBe(folder)
    },
  )

  it('is the only source of Node services: the chart deploys no service without a folder', () => {
    const folders = new Set(serviceFolders())
    const orphans = routeTable()
      .services.filter((service) => !folders.has(service.name))
      .map((service) => service.name)
    expect(orphans).toEqual([])
  })
})

describe('routes', () => {
  it('Ingress paths equal routes.json prefixes, each to the service that owns it', () => {
    const fromIngress = new Map(
      ingress!.spec.rules.flatMap((rule) =>
        rule.http.paths.map((path) => [path.path, path.backend.service.name.replace(/^prost-/, '')] as const),
      ),
    )
    expect(Object.fromEntries(fromIngress)).toEqual(Object.fromEntries(publicPrefixes()))
    expect(ingress!.spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.pathType))).not.toContain(
      'Exact',
    )
  })

  it('docker/haproxy.cfg routes equal routes.json prefixes', () => {
    const web = routeTable().web
    const fromHaproxy = new Map(haproxy.prefixes)
    // The web's "/" is HAProxy's default_backend rather than a path_beg rule.
    if (haproxy.defaultBackend) fromHaproxy.set('/', haproxy.defaultBackend)
    expect(Object.fromEntries(fromHaproxy)).toEqual(Object.fromEntries(publicPrefixes()))
    expect(web.prefixes).toEqual(['/'])
  })

  it('every process listens on its routes.json port in the chart, compose and haproxy.cfg', () => {
    const problems = routedProcesses().flatMap((process) => {
      const deployment = deployments.get(`prost-${process.name}`)
      const chartPort = deployment?.spec.template.spec.containers[0]?.ports?.[0]?.containerPort
      const servicePort = services.get(`prost-${process.name}`)?.spec.ports[0]?.port
      const composePort = compose.services[process.name]?.environment?.PORT
      return [
        chartPort === process.port ? [] : [`${process.name}: chart containerPort ${chartPort}`],
        servicePort === undefined || servicePort === process.port
          ? []
          : [`${process.name}: Service port ${servicePort}`],
        process.name === 'web' || Number(composePort) === process.port
          ? []
          : [`${process.name}: compose PORT ${composePort}`],
        haproxy.ports.has(process.name) && haproxy.ports.get(process.name) !== process.port
          ? [`${process.name}: haproxy port ${haproxy.ports.get(process.name)}`]
          : [],
        process.prefixes?.length && !haproxy.ports.has(process.name)
          ? [`${process.name}: no haproxy backend`]
          : [],
      ].flat()
    })
    expect(problems).toEqual([])
  })

  // The local ingress proves the rules work (test/integration/ingress.test.ts); here the copies
  // must say the same thing.
  it('every ingress answers 404 for /internal/ paths with the rules of routes.json', () => {
    const rules = routeTable().internalPathRules.haproxy
    const snippet = (ingress?.metadata.annotations?.['haproxy.org/backend-config-snippet'] ?? '').split('\n')
    expect(snippet.slice(0, rules.length), 'Ingress backend-config-snippet').toEqual(rules)
    const dockerLines = readRepoFile('docker/haproxy.cfg')
      .split('\n')
      .map((line) => line.trim())
    for (const rule of rules) expect(dockerLines, 'docker/haproxy.cfg').toContain(rule)
  })

  // The local ingress proves them (test/integration/tracing.test.ts); the compose copy must say the same.
  it('docker/haproxy.cfg sets X-Request-Id and logs trace ids with the local ingress lines, in its public frontend', () => {
    const publicFrontend = readRepoFile('docker/haproxy.cfg')
      .split(/^(?=\S)/m) // one section per unindented line
      .find((section) => section.startsWith('frontend public'))
    const lines = (publicFrontend ?? '').split('\n').map((line) => line.trim())
    const missing = TRACE_LOG_LINES.map((line) => line.trim()).filter((line) => !lines.includes(line))
    expect(missing, 'TRACE_LOG_LINES (scripts/stack/haproxy.ts) missing from frontend public').toEqual([])
  })

  it('HAProxy health-checks every backend on /healthz and keeps WebSockets open (timeout tunnel)', () => {
    expect([...haproxy.healthChecks.values()].every((path) => path === '/healthz')).toBe(true)
    expect([...haproxy.healthChecks.keys()].sort()).toEqual([...haproxy.ports.keys()].sort())
    expect(haproxy.timeouts.get('tunnel'), 'timeout tunnel').toMatch(/^\d+[mh]$/)
  })
})

describe('entry points', () => {
  it('the chart and compose run each process with the routes.json command', () => {
    const problems = routedProcesses()
      .filter((process) => process.command)
      .flatMap((process) => {
        const container = deployments.get(`prost-${process.name}`)?.spec.template.spec.containers[0]
        const composeService = compose.services[process.name]
        const composeImage = composeService?.image ?? ''
        return [
          container && resolvedEntry(container.image, container.command) === process.command
            ? []
            : [`chart ${process.name}: ${container && resolvedEntry(container.image, container.command)}`],
          resolvedEntry(`${composeImage}:`, composeService?.command) === process.command
            ? []
            : [`compose ${process.name}: ${resolvedEntry(`${composeImage}:`, composeService?.command)}`],
        ].flat()
      })
    expect(problems).toEqual([])
  })

  it('service.Dockerfile sets the working directory and default command those paths assume', () => {
    expect(serviceDockerfile).toMatch(/^WORKDIR \/app\/services\/\$\{SERVICE\}$/m)
    expect(serviceDockerfile).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m)
  })
})
