// docker/: the Dockerfiles, their .dockerignore files, compose.yaml and haproxy.cfg, checked
// without a Docker engine (there is none here): parsed, cross-checked, and run through the real
// haproxy and `docker compose config` when those programs exist.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { JAEGER_DEFAULT_PORTS } from '../../scripts/stack/jaeger.js'
import { type KubeObject, ofKind, prostChart, renderChart } from './manifests.js'
import { dockerComposeAvailable, haproxyBinary, readRepoFile, repoPath, run } from './repo.js'

interface ComposeService {
  image?: string
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> }
  healthcheck?: { test?: string[] | string }
  depends_on?: Record<string, { condition?: string }>
  environment?: Record<string, string>
  volumes?: string[]
  ports?: string[]
  read_only?: boolean
  cap_drop?: string[]
}

const composeText = readRepoFile('docker/compose.yaml')
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> }
const services = compose.services

const dockerfiles = {
  service: readRepoFile('docker/service.Dockerfile'),
  web: readRepoFile('docker/web.Dockerfile'),
}
const stages = (text: string) =>
  [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((match) => ({
    image: match[1]!,
    name: match[2],
  }))
const finalStage = (text: string) => text.slice(text.lastIndexOf('\nFROM '))
const lockedTurbo = (
  JSON.parse(readRepoFile('package-lock.json')) as { packages: Record<string, { version?: string }> }
).packages['node_modules/turbo']?.version

describe('docker/service.Dockerfile', () => {
  const text = dockerfiles.service
  it('builds in stages and runs on node:20-bookworm-slim', () => {
    expect(stages(text).length).toBeGreaterThanOrEqual(3)
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m)
    expect(stages(text).at(-1)!.image).toBe('${NODE_IMAGE}')
  })
  it('builds the chosen service with turbo and installs only production dependencies for the runtime', () => {
    expect(text).toMatch(/^ARG SERVICE$/m)
    expect(text).toMatch(/npx turbo run build --filter="@prost\/\$\{SERVICE\}\.\.\."/)
    expect(text).toMatch(/npm ci --omit=dev/)
    expect(text).toMatch(/turbo@\$\{TURBO_VERSION\}" prune "@prost\/\$\{SERVICE\}" --docker/)
  })
  it('pins the turbo used for pruning to the one in package-lock.json', () => {
    for (const dockerfile of Object.values(dockerfiles))
      expect(dockerfile).toContain(`ARG TURBO_VERSION=${lockedTurbo}`)
  })
  it('runs as a numeric non-root user, with a HEALTHCHECK on /healthz through node fetch', () => {
    const runtime = finalStage(text)
    expect(runtime).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m)
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*fetch\(.*\/healthz/m)
    expect(runtime).not.toMatch(/^COPY (?!--from)/m) // the runtime copies build outputs only
  })
})

describe('docker/web.Dockerfile', () => {
  const text = dockerfiles.web
  it('serves web/dist with unprivileged nginx and an SPA fallback', () => {
    expect(text).toMatch(/^ARG NGINX_IMAGE=nginxinc\/nginx-unprivileged:/m)
    expect(text).toMatch(/COPY --from=build \/app\/web\/dist\/ \/usr\/share\/nginx\/html\//)
    const nginx = readRepoFile('docker/web.nginx.conf')
    expect(nginx).toMatch(/try_files \$uri \$uri\/ \/index\.html;/)
    expect(nginx).toMatch(/listen 3000;/)
    expect(nginx).toMatch(/location = \/healthz/)
    expect(nginx).toMatch(/location = \/readyz/)
  })
  it('runs as a numeric non-root user with a HEALTHCHECK', () => {
    expect(finalStage(text)).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m)
    expect(finalStage(text)).toMatch(/^HEALTHCHECK /m)
  })
})

describe('docker/*.Dockerfile.dockerignore', () => {
  it.each(['service', 'web'])(
    '%s: keeps node_modules, build output, git and env files out of the context',
    (name) => {
      const path = repoPath(`docker/${name}.Dockerfile.dockerignore`)
      expect(existsSync(path)).toBe(true)
      const patterns = readRepoFile(`docker/${name}.Dockerfile.dockerignore`)
        .split('\n')
        .map((line) => line.trim())
      for (const required of ['**/node_modules', '**/dist', '.git', '**/.env'])
        expect(patterns).toContain(required)
    },
  )
})

describe('docker/compose.yaml', () => {
  const backends = {
    mongodb: /^mongo:7/,
    redis: /^redis:7/,
    rabbitmq: /^rabbitmq:3[.-].*management/,
    minio: /^minio\/minio/,
    haproxy: /^haproxy:2\.8/,
    // Jaeger v2 as released for the Go module version the local stack builds (scripts/lib/tools.sh).
    jaeger: /^jaegertracing\/jaeger:2\.12\.0$/,
  }
  const appServices = ['accounts', 'events', 'voting', 'notifications', 'notifications-worker', 'web']

  it('runs the backends, HAProxy, the four services, the worker and the web', () => {
    for (const [name, image] of Object.entries(backends)) expect(services[name]?.image, name).toMatch(image)
    for (const name of appServices) expect(services[name], name).toBeDefined()
  })

  it('gives every container a healthcheck and waits for healthy dependencies', () => {
    const problems = Object.entries(services).flatMap(([name, service]) =>
      [
        service.healthcheck?.test ? [] : [`${name}: no healthcheck`],
        ...Object.entries(service.depends_on ?? {})
          .filter(([, dependency]) => dependency.condition !== 'service_healthy')
          .map(([dependency]) => `${name} -> ${dependency}: not service_healthy`),
        ...Object.keys(service.depends_on ?? {})
          .filter((dependency) => !services[dependency])
          .map((dependency) => `${name} -> ${dependency}: no such service`),
      ].flat(),
    )
    expect(problems).toEqual([])
  })

  it('starts every app service after MongoDB, Redis and RabbitMQ, and events after MinIO', () => {
    for (const name of appServices.filter((service) => service !== 'web')) {
      expect(Object.keys(services[name]!.depends_on ?? {}), name).toEqual(
        expect.arrayContaining(['mongodb', 'redis', 'rabbitmq']),
      )
    }
    expect(Object.keys(services.events!.depends_on ?? {})).toContain('minio')
  })

  it('mounts docker/haproxy.cfg into HAProxy', () => {
    expect(services.haproxy?.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro')
  })

  it('takes every password from docker/.env, never from the file', () => {
    const secretNames = /(PASSWORD|PASS|SECRET|TOKEN|_KEY)$/
    const problems = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(service.environment ?? {}).flatMap(([key, value]) => {
        // Credentials inside URLs (scheme://user:password@host) must be interpolated too.
        const urlPassword = /:\/\/[^/@]*:([^/@]+)@/.exec(String(value))?.[1]
        return [
          secretNames.test(key) && !String(value).startsWith('${') ? [`${name}: ${key} is a literal`] : [],
          urlPassword !== undefined && !urlPassword.startsWith('${')
            ? [`${name}: ${key} holds a literal password`]
            : [],
        ].flat()
      }),
    )
    expect(problems).toEqual([])
  })

  it('hardens the app containers: read-only root filesystem and no capabilities', () => {
    const problems = appServices.filter(
      (name) => services[name]!.read_only !== true || !services[name]!.cap_drop?.includes('ALL'),
    )
    expect(problems).toEqual([])
  })

  describe('traces', () => {
    const nodeServices = appServices.filter((name) => name !== 'web')
    // What the chart names each component's traces (charts/prost "prost.tracingEnv"), rendered.
    const chartServiceNames = new Map(
      ofKind<KubeObject & { data?: Record<string, string> }>(
        renderChart(
          prostChart,
          [],
          ['--set', 'tracing.enabled=true', '--set', 'tracing.endpoint=http://otel:4318'],
        ),
        'ConfigMap',
      ).flatMap((map) => {
        const component = map.metadata.labels?.['app.kubernetes.io/component']
        const name = map.data?.OTEL_SERVICE_NAME
        return component && name ? [[component, name] as const] : []
      }),
    )

    it('names every Node service as the chart does, and sends its spans to the jaeger service over OTLP/HTTP', () => {
      expect([...chartServiceNames.keys()].sort()).toEqual([...nodeServices].sort())
      const expected = (name: string) => ({
        OTEL_SERVICE_NAME: chartServiceNames.get(name),
        // Compose's `-` default: unset means Jaeger, set but empty turns tracing off.
        OTEL_EXPORTER_OTLP_ENDPOINT: `\${OTEL_EXPORTER_OTLP_ENDPOINT-http://jaeger:${JAEGER_DEFAULT_PORTS.otlpHttp}}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      })
      const actual = (name: string) => {
        const environment = services[name]!.environment ?? {}
        return Object.fromEntries(Object.keys(expected(name)).map((key) => [key, environment[key]]))
      }
      expect(Object.fromEntries(nodeServices.map((name) => [name, actual(name)]))).toEqual(
        Object.fromEntries(nodeServices.map((name) => [name, expected(name)])),
      )
    })

    it('publishes only the Jaeger UI, on loopback', () => {
      expect(services.jaeger?.ports).toEqual([
        `127.0.0.1:${JAEGER_DEFAULT_PORTS.ui}:${JAEGER_DEFAULT_PORTS.ui}`,
      ])
    })

    it('never makes a service wait for Jaeger (tracing must not block one)', () => {
      const waiting = Object.entries(services)
        .filter(([, service]) => Object.keys(service.depends_on ?? {}).includes('jaeger'))
        .map(([name]) => name)
      expect(waiting).toEqual([])
    })

    it('runs Jaeger hardened like the app containers: read-only root filesystem, no capabilities', () => {
      expect(services.jaeger?.read_only).toBe(true)
      expect(services.jaeger?.cap_drop).toContain('ALL')
    })
  })

  it.skipIf(!dockerComposeAvailable())(
    'passes `docker compose config` (only where the compose plugin is installed)',
    () => {
      const directory = mkdtempSync(join(tmpdir(), 'prost-compose-'))
      try {
        const env = Object.fromEntries(
          ['MONGO_PASSWORD', 'REDIS_PASSWORD', 'RABBITMQ_PASSWORD', 'MINIO_ROOT_PASSWORD', 'JWT_SECRET'].map(
            (key) => [key, 'x'.repeat(32)],
          ),
        )
        writeFileSync(join(directory, 'empty.env'), '')
        const result = run(
          'docker',
          [
            'compose',
            '-f',
            repoPath('docker/compose.yaml'),
            '--env-file',
            join(directory, 'empty.env'),
            'config',
            '--quiet',
          ],
          { env },
        )
        expect(result.status, result.stderr).toBe(0)
      } finally {
        rmSync(directory, { recursive: true, force: true })
      }
    },
  )
})

describe('docker/haproxy.cfg', () => {
  const haproxy = haproxyBinary()
  it.skipIf(!haproxy)(
    'is accepted by `haproxy -c` (only where HAProxy is installed, as the local stack does)',
    () => {
      const result = run(haproxy!, ['-c', '-f', repoPath('docker/haproxy.cfg')])
      expect(result.status, result.stderr).toBe(0)
    },
  )
})
