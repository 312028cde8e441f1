// argocd/apps: the app-of-apps of each environment, rendered and checked against the Argo CD CRD
// models, plus the contract with charts/prost and terraform (names of Secrets, paths, waves).
import { existsSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { schemaErrors, strictFieldErrors } from './kube-schema.js'
import {
  appsChart,
  appsValueFiles,
  describeObject,
  describeValues,
  type KubeObject,
  lintChart,
  ofKind,
  renderChart,
} from './manifests.js'
import { readRepoFile, repoPath } from './repo.js'
import { block, readTerraformModule } from './terraform-config.js'

/** The few upstream chart values these checks read. */
interface UpstreamValues {
  controller?: { ingressClass?: string; config?: Record<string, string> }
  [key: string]: unknown
}

interface Application {
  spec: {
    project: string
    source: {
      repoURL: string
      targetRevision: string
      path?: string
      chart?: string
      helm?: { valueFiles?: string[]; valuesObject?: UpstreamValues }
    }
    destination: { server: string; namespace: string }
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } }
  }
}

/** Helm's precedence for value files: maps merge key by key, everything else is replaced. */
function mergeValues(base: unknown, overlay: unknown): unknown {
  const isMap = (value: unknown): value is Record<string, unknown> =>
    !!value && typeof value === 'object' && !Array.isArray(value)
  if (!isMap(base) || !isMap(overlay)) return overlay === undefined ? base : overlay
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overlay)) merged[key] = mergeValues(base[key], value)
  return merged
}

const wave = (object: KubeObject) =>
  Number(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0)
const chartOf = (app: Application) => app.spec.source.chart ?? app.spec.source.path

describe.each(appsValueFiles.map((files) => [describeValues(files), files] as const))(
  'argocd/apps with %s',
  (_label, files) => {
    const environment = files[0]!.replace(/^values-|\.yaml$/g, '')
    const objects = renderChart(appsChart, files)
    const applications = ofKind<Application>(objects, 'Application')
    const values = mergeValues(
      parse(readRepoFile('argocd/apps/values.yaml')),
      parse(readRepoFile(`argocd/apps/${files[0]}`)),
    ) as {
      prost: { repoURL: string; targetRevision: string; path: string }
    }

    it('passes helm lint --strict', () => {
      const lint = lintChart(appsChart, files)
      expect(lint.status, lint.output).toBe(0)
    })

    it('renders Applications and an AppProject that match the Argo CD CRD schemas, with no unknown field', async () => {
      expect(await schemaErrors(objects)).toEqual([])
      expect(strictFieldErrors(objects)).toEqual([])
    })

    it('deploys the backends from their upstream charts and Prost from this repository', () => {
      const charts = Object.fromEntries(applications.map((app) => [chartOf(app), app.spec.source.repoURL]))
      expect(charts).toMatchObject({
        mongodb: expect.stringMatching(/bitnami/),
        redis: expect.stringMatching(/bitnami/),
        rabbitmq: expect.stringMatching(/bitnami/),
        minio: expect.stringMatching(/bitnami/),
        'kubernetes-ingress': expect.stringMatching(/haproxytech/),
        'charts/prost': values.prost.repoURL,
      })
      const prost = applications.find((app) => app.spec.source.path === 'charts/prost')!
      expect(prost.spec.source.targetRevision).toBe(values.prost.targetRevision)
      for (const valueFile of prost.spec.source.helm?.valueFiles ?? [])
        expect(existsSync(repoPath('charts/prost', valueFile)), valueFile).toBe(true)
      expect(prost.spec.source.helm?.valueFiles).toContain(`values-${environment}.yaml`)
    })

    it('syncs the backends in an earlier wave than Prost, with the resources finalizer on every Application', () => {
      const prost = applications.find((app) => app.spec.source.path === 'charts/prost')!
      const backends = applications.filter((app) => app !== prost)
      expect(backends.every((backend) => wave(backend) < wave(prost))).toBe(true)
      const project = ofKind(objects, 'AppProject')[0]
      if (project) expect(wave(project)).toBeLessThan(Math.min(...backends.map(wave)))
      const withoutFinalizer = applications.filter(
        (app) => !app.metadata.finalizers?.includes('resources-finalizer.argocd.argoproj.io'),
      )
      expect(withoutFinalizer.map(describeObject)).toEqual([])
    })

    it(
      environment === 'dev' ? 'syncs automatically with prune and self-heal' : 'leaves syncing to a person',
      () => {
        for (const app of applications) {
          if (environment === 'dev')
            expect(app.spec.syncPolicy?.automated, describeObject(app)).toEqual({
              prune: true,
              selfHeal: true,
            })
          else expect(app.spec.syncPolicy?.automated, describeObject(app)).toBeUndefined()
        }
      },
    )

    it('keeps upgraded WebSocket connections open at the HAProxy controller (timeout-tunnel)', () => {
      const controller = applications.find((app) => chartOf(app) === 'kubernetes-ingress')!
      const config = controller.spec.source.helm?.valuesObject?.controller?.config ?? {}
      expect(config['timeout-tunnel']).toMatch(/^\d+(m|h)$/)
      const ingressClass = controller.spec.source.helm?.valuesObject?.controller?.ingressClass
      const chartValues = parse(readRepoFile('charts/prost/values.yaml')) as {
        ingress: { className: string }
      }
      expect(ingressClass).toBe(chartValues.ingress.className)
    })

    it('points the backends at the Secrets terraform creates, in the namespaces charts/prost allows', async () => {
      const platform = await readTerraformModule('terraform/modules/prost-platform')
      const secrets = platform.config.resource?.kubernetes_secret_v1 as unknown as Record<
        string,
        { metadata: { name: string }[]; data: Record<string, unknown> | string }[]
      >
      const secretNames = new Set(Object.values(secrets).map((bodies) => bodies[0]!.metadata[0]!.name))
      const referenced = applications
        .flatMap(
          (app) =>
            JSON.stringify(app.spec.source.helm?.valuesObject ?? {}).match(
              /"existing(?:Password|Erlang)?Secret":"([^"]+)"/g,
            ) ?? [],
        )
        .map((match) => match.replace(/^.*:"|"$/g, ''))
      expect(referenced.length).toBeGreaterThanOrEqual(4)
      expect(referenced.filter((name) => !secretNames.has(name))).toEqual([])

      const namespaces = block<{ default: Record<string, string> }>(
        platform.config.variable,
        'namespaces',
      )!.default
      const dataApps = applications.filter((app) =>
        ['mongodb', 'redis', 'rabbitmq', 'minio'].includes(chartOf(app) ?? ''),
      )
      expect(new Set(dataApps.map((app) => app.spec.destination.namespace))).toEqual(
        new Set([namespaces.data]),
      )
      const networkPolicyNamespaces = readRepoFile('charts/prost/values.yaml')
        .match(/kubernetes\.io\/metadata\.name: (\S+)/g)!
        .map((line) => line.split(': ')[1])
      expect(networkPolicyNamespaces).toEqual(expect.arrayContaining([namespaces.data, namespaces.ingress]))
    })
  },
)
