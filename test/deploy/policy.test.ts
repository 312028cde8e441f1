// Operational policy of the rendered chart: what every production workload must have.
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import {
  describeObject,
  describeValues,
  type KubeObject,
  ofKind,
  prostChart,
  prostValueFiles,
  renderChart,
  selects,
} from './manifests.js'
import { readRepoFile } from './repo.js'

interface Probe {
  httpGet?: { path?: string; port?: string | number }
}
interface Container {
  name: string
  image: string
  ports?: { name?: string; containerPort: number }[]
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]
  envFrom?: { configMapRef?: { name: string } }[]
  livenessProbe?: Probe
  readinessProbe?: Probe
  startupProbe?: Probe
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> }
  securityContext?: {
    runAsNonRoot?: boolean
    readOnlyRootFilesystem?: boolean
    allowPrivilegeEscalation?: boolean
    capabilities?: { drop?: string[]; add?: string[] }
    seccompProfile?: { type: string }
  }
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } }
  volumeMounts?: { name: string; mountPath: string }[]
}
interface PodSpec {
  containers: Container[]
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } }
  volumes?: { name: string; emptyDir?: object }[]
  terminationGracePeriodSeconds?: number
  serviceAccountName?: string
  automountServiceAccountToken?: boolean
}
interface Deployment {
  spec: {
    replicas?: number
    selector: { matchLabels: Record<string, string> }
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> }
      spec: PodSpec
    }
  }
}

const chartValues = parse(readRepoFile('charts/prost/values.yaml')) as {
  secrets: { existingSecret: string }
  components: Record<string, { calls?: string[] }>
}
/** Which components a component calls directly (its NetworkPolicy peers), from the chart's defaults. */
const callsOf = (component: string | undefined) => chartValues.components[component ?? '']?.calls ?? []
const appVersion = (parse(readRepoFile('charts/prost/Chart.yaml')) as { appVersion: string }).appVersion
/** The OpenTelemetry Collector (tracing.collector): a third-party image, with one health path. */
const collectorComponent = 'otel-collector'
const isCollector = (deployment: KubeObject) =>
  deployment.metadata.labels?.['app.kubernetes.io/component'] === collectorComponent

// Names and values that must never sit in a ConfigMap.
const secretLookingKey = /(secret|password|passwd|token|private|credential|_key$|^.*_url$)/i
const credentialUrl = /:\/\/[^/\s:@]+:[^/\s@]+@/
const highEntropy = /^[A-Za-z0-9+/=_-]{32,}$/

describe.each(prostValueFiles.map((files) => [describeValues(files), files] as const))(
  'charts/prost with %s',
  (_label, files) => {
    const objects = renderChart(prostChart, files)
    const deployments = ofKind<Deployment>(objects, 'Deployment')
    const containersOf = (deployment: Deployment & KubeObject) =>
      deployment.spec.template.spec.containers.map((container) => ({
        deployment,
        container,
        label: `${describeObject(deployment)} container ${container.name}`,
      }))
    const containers = deployments.flatMap(containersOf)

    it('gives every container liveness, readiness and startup probes on /healthz and /readyz', () => {
      const problems = containers.flatMap(({ deployment, container, label }) =>
        [
          container.livenessProbe?.httpGet?.path === '/healthz'
            ? []
            : [`${label}: liveness probe is not GET /healthz`],
          // The collector's health_check extension serves a single path for both.
          container.readinessProbe?.httpGet?.path === (isCollector(deployment) ? '/healthz' : '/readyz')
            ? []
            : [`${label}: readiness probe is not GET /readyz`],
          container.startupProbe?.httpGet?.path === '/healthz'
            ? []
            : [`${label}: startup probe is not GET /healthz`],
        ].flat(),
      )
      expect(problems).toEqual([])
    })

    it('gives every container CPU and memory requests and a memory limit', () => {
      const problems = containers
        .filter(
          ({ container }) =>
            !container.resources?.requests?.cpu ||
            !container.resources.requests.memory ||
            !container.resources.limits?.memory,
        )
        .map(({ label }) => label)
      expect(problems).toEqual([])
    })

    it('runs every container hardened: non-root, read-only root, no privilege escalation, no capabilities, seccomp', () => {
      const problems = containers.flatMap(({ deployment, container, label }) => {
        const pod = deployment.spec.template.spec
        const security = container.securityContext ?? {}
        return [
          (security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true
            ? []
            : [`${label}: runAsNonRoot`],
          security.readOnlyRootFilesystem === true ? [] : [`${label}: readOnlyRootFilesystem`],
          security.allowPrivilegeEscalation === false ? [] : [`${label}: allowPrivilegeEscalation`],
          security.capabilities?.drop?.includes('ALL') && !security.capabilities.add?.length
            ? []
            : [`${label}: capabilities not dropped`],
          (security.seccompProfile ?? pod.securityContext?.seccompProfile)?.type === 'RuntimeDefault'
            ? []
            : [`${label}: seccomp`],
          container.volumeMounts?.some(
            (mount) =>
              mount.mountPath === '/tmp' &&
              pod.volumes?.some((volume) => volume.name === mount.name && volume.emptyDir),
          )
            ? []
            : [`${label}: no emptyDir on /tmp`],
        ].flat()
      })
      expect(problems).toEqual([])
    })

    it('drains gracefully: preStop sleep shorter than the grace period minus the app shutdown time', () => {
      const configMaps = new Map(
        ofKind<{ data?: Record<string, string> }>(objects, 'ConfigMap').map((map) => [
          map.metadata.name,
          map.data ?? {},
        ]),
      )
      const problems = containers.flatMap(({ deployment, container, label }) => {
        // `exec sleep`, or the native sleep action where the image has no shell (the collector).
        const preStop = container.lifecycle?.preStop
        const command = preStop?.sleep
          ? ['sleep', String(preStop.sleep.seconds)]
          : (preStop?.exec?.command ?? [])
        if (command[0] !== 'sleep') return [`${label}: no preStop sleep`]
        const configMap = container.envFrom
          ?.map((source) => configMaps.get(source.configMapRef?.name ?? ''))
          .find(Boolean)
        const shutdownGrace = Number(configMap?.SHUTDOWN_GRACE_SECONDS ?? 0)
        const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30
        return Number(command[1]) + shutdownGrace < grace
          ? []
          : [`${label}: preStop ${command[1]}s + shutdown ${shutdownGrace}s >= grace ${grace}s`]
      })
      expect(problems).toEqual([])
    })

    it('tags every Prost image with the chart appVersion unless told otherwise, and pins the collector', () => {
      const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1)
      const tags = containers
        .filter(({ deployment }) => !isCollector(deployment))
        .map(({ container }) => tagOf(container.image))
      expect(new Set(tags)).toEqual(new Set([appVersion]))
      const collectorTags = containers
        .filter(({ deployment }) => isCollector(deployment))
        .map(({ container }) => tagOf(container.image))
      for (const tag of collectorTags) expect(tag).toMatch(/^\d+\.\d+\.\d+$/)
    })

    it('gives every Deployment a PodDisruptionBudget, a NetworkPolicy and its own ServiceAccount without an API token', () => {
      const pdbs = ofKind<{ spec: { selector: { matchLabels: Record<string, string> } } }>(
        objects,
        'PodDisruptionBudget',
      )
      const policies = ofKind<{ spec: { podSelector: { matchLabels: Record<string, string> } } }>(
        objects,
        'NetworkPolicy',
      )
      const accounts = new Set(ofKind(objects, 'ServiceAccount').map((account) => account.metadata.name))
      const problems = deployments.flatMap((deployment) => {
        const labels = deployment.spec.template.metadata.labels
        const pod = deployment.spec.template.spec
        return [
          pdbs.some((pdb) => selects(pdb.spec.selector.matchLabels, labels))
            ? []
            : [`${describeObject(deployment)}: no PodDisruptionBudget`],
          policies.some((policy) => selects(policy.spec.podSelector.matchLabels, labels))
            ? []
            : [`${describeObject(deployment)}: no NetworkPolicy`],
          pod.serviceAccountName && accounts.has(pod.serviceAccountName)
            ? []
            : [`${describeObject(deployment)}: no ServiceAccount`],
          pod.automountServiceAccountToken === false
            ? []
            : [`${describeObject(deployment)}: mounts an API token`],
        ].flat()
      })
      expect(problems).toEqual([])
    })

    it('scales every Deployment by a replica count or an HPA on CPU and memory', () => {
      const hpas = ofKind<{
        spec: { scaleTargetRef: { name: string }; metrics: { resource?: { name: string } }[] }
      }>(objects, 'HorizontalPodAutoscaler')
      const problems = deployments.flatMap((deployment) => {
        const hpa = hpas.find((candidate) => candidate.spec.scaleTargetRef.name === deployment.metadata.name)
        if (!hpa)
          return deployment.spec.replicas === undefined
            ? [`${describeObject(deployment)}: neither replicas nor HPA`]
            : []
        const resources = hpa.spec.metrics.map((metric) => metric.resource?.name)
        return [
          deployment.spec.replicas === undefined
            ? []
            : [`${describeObject(deployment)}: replicas set although an HPA scales it`],
          resources.includes('cpu') && resources.includes('memory')
            ? []
            : [`${describeObject(deployment)}: HPA without CPU and memory targets`],
        ].flat()
      })
      expect(problems).toEqual([])
    })

    it('keeps secrets out of ConfigMaps and out of the chart', () => {
      const problems = ofKind<{ data?: Record<string, string> }>(objects, 'ConfigMap').flatMap((map) =>
        Object.entries(map.data ?? {})
          .filter(
            ([key, value]) =>
              credentialUrl.test(value) ||
              // URLs of Prost's own endpoints: the public origin, the Bot API, the Services the bot calls.
              (key !== 'PUBLIC_URL' &&
                key !== 'TELEGRAM_API_ROOT' &&
                !key.endsWith('_INTERNAL_URL') &&
                (secretLookingKey.test(key) || highEntropy.test(value))),
          )
          .map(([key]) => `${describeObject(map)}: ${key}`),
      )
      expect(problems).toEqual([])
      expect(ofKind(objects, 'Secret').map(describeObject)).toEqual([])
    })

    it('reads every secret from secrets.existingSecret, and every Node container has the four core secrets', () => {
      const problems = containers.flatMap(({ container, label }) => {
        const refs = (container.env ?? []).flatMap((variable) =>
          variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : [],
        )
        const wrongSecret = refs
          .filter((ref) => ref.name !== chartValues.secrets.existingSecret)
          .map((ref) => `${label}: ${ref.key} from ${ref.name}`)
        const literalSecrets = (container.env ?? [])
          .filter((variable) => variable.value !== undefined && secretLookingKey.test(variable.name))
          .map((variable) => `${label}: literal ${variable.name}`)
        const isNode = !!container.envFrom?.length
        const keys = new Set(refs.map((ref) => ref.key))
        const missing = isNode
          ? ['MONGODB_URL', 'REDIS_URL', 'AMQP_URL', 'JWT_SECRET']
              .filter((key) => !keys.has(key))
              .map((key) => `${label}: no ${key}`)
          : []
        return [...wrongSecret, ...literalSecrets, ...missing]
      })
      expect(problems).toEqual([])
    })

    it('annotates pods that serve metrics for Prometheus', () => {
      const nodePods = deployments.filter((deployment) =>
        deployment.spec.template.spec.containers.some((container) => container.envFrom?.length),
      )
      const problems = nodePods
        .filter(
          (deployment) => deployment.spec.template.metadata.annotations?.['prometheus.io/scrape'] !== 'true',
        )
        .map(describeObject)
      expect(problems).toEqual([])
    })

    it('exposes one HAProxy Ingress with TLS, and lets only the controller, Prometheus and the components that call one (components.<name>.calls) in', () => {
      const ingresses = ofKind<{ spec: { ingressClassName: string; tls?: { secretName: string }[] } }>(
        objects,
        'Ingress',
      )
      expect(ingresses).toHaveLength(1)
      expect(ingresses[0]!.spec.ingressClassName).toBe('haproxy')
      expect(ingresses[0]!.spec.tls?.[0]?.secretName).toBeTruthy()

      const policies = ofKind<{
        spec: {
          podSelector?: { matchLabels?: Record<string, string> }
          policyTypes: string[]
          ingress?: {
            from?: {
              namespaceSelector?: { matchLabels?: Record<string, string> }
              podSelector?: { matchLabels?: Record<string, string> }
            }[]
          }[]
        }
      }>(objects, 'NetworkPolicy')
      const allowedNamespaces = new Set(['haproxy-controller', 'monitoring'])
      const problems = policies.flatMap((policy) =>
        [
          policy.spec.policyTypes.includes('Ingress') && policy.spec.policyTypes.includes('Egress')
            ? []
            : [`${describeObject(policy)}: not both directions`],
          ...(policy.spec.ingress ?? []).flatMap((rule) =>
            (rule.from ?? [{}])
              .filter(
                (peer) =>
                  !allowedNamespaces.has(
                    peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '',
                  ) &&
                  // A Prost component of this release that calls this one (components.<name>.calls).
                  !(
                    peer.namespaceSelector === undefined &&
                    peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prost' &&
                    callsOf(peer.podSelector.matchLabels['app.kubernetes.io/component']).includes(
                      policy.spec.podSelector?.matchLabels?.['app.kubernetes.io/component'] ?? '',
                    )
                  ) &&
                  // The trace collector takes spans from every component of this release, and no one else.
                  !(
                    policy.spec.podSelector?.matchLabels?.['app.kubernetes.io/component'] ===
                      collectorComponent &&
                    peer.namespaceSelector === undefined &&
                    peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prost' &&
                    peer.podSelector.matchLabels['app.kubernetes.io/instance'] === 'prost'
                  ),
              )
              .map(
                () =>
                  `${describeObject(policy)}: ingress from outside the controller and monitoring namespaces`,
              ),
          ),
        ].flat(),
      )
      expect(problems).toEqual([])
    })
  },
)

describe('charts/prost values documentation', () => {
  it.each(['charts/prost/values.yaml', 'argocd/apps/values.yaml'])(
    'documents every value of %s with a ## @param line',
    (file) => {
      const text = readRepoFile(file)
      const documented = new Set([...text.matchAll(/^\s*## @param (\S+)/gm)].map((match) => match[1]!))
      const leaves: string[] = []
      const walk = (value: unknown, path: string[]) => {
        if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
          for (const [key, child] of Object.entries(value)) walk(child, [...path, key])
        } else leaves.push(path.join('.'))
      }
      const values = parse(text) as Record<string, unknown>
      walk(values, [])
      const covered = (leaf: string) =>
        leaf.split('.').some((_, index, parts) => documented.has(parts.slice(0, index + 1).join('.')))
      expect(
        leaves.filter((leaf) => !covered(leaf)),
        'values without a ## @param line',
      ).toEqual([])

      const exists = (path: string) =>
        path
          .split('.')
          .reduce<unknown>(
            (node, key) =>
              node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
            values,
          ) !== undefined
      expect(
        [...documented].filter((path) => !exists(path)),
        '## @param lines for values that do not exist',
      ).toEqual([])
    },
  )
})
