// Renders the Helm charts with the real helm binary and parses the output into objects.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { helmBinary, repoPath, run } from './repo.js'

export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: {
    name: string
    namespace?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    finalizers?: string[]
  }
  [field: string]: unknown
}

/** The Kubernetes version charts are rendered for (kubeVersion in Chart.yaml must accept it). */
export const kubeVersion = '1.31.0'

export const prostChart = repoPath('charts/prost')
export const appsChart = repoPath('argocd/apps')

/** The value files each chart is checked with: defaults alone, then each environment. */
export const prostValueFiles = [[], ['values-dev.yaml'], ['values-prod.yaml']] as const
export const appsValueFiles = [['values-dev.yaml'], ['values-prod.yaml']] as const

export const describeValues = (files: readonly string[]) =>
  files.length ? files.join(' + ') : 'default values'

// Helm writes its caches and repository config under $HOME unless told otherwise: keep them private.
function isolatedHelmEnv(): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'prost-helm-'))
  return {
    env: {
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  }
}

export function helm(args: string[]): { status: number; stdout: string; output: string } {
  const { env, cleanup } = isolatedHelmEnv()
  try {
    const result = run(helmBinary(), args, { env })
    return { status: result.status, stdout: result.stdout, output: `${result.stdout}\n${result.stderr}` }
  } finally {
    cleanup()
  }
}

const valueArgs = (chart: string, files: readonly string[]) =>
  files.flatMap((file) => ['-f', join(chart, file)])

export function lintChart(chart: string, files: readonly string[]) {
  return helm(['lint', chart, '--strict', '--kube-version', kubeVersion, ...valueArgs(chart, files)])
}

/** `helm template`, failing with helm's own message when rendering fails. */
export function renderChart(chart: string, files: readonly string[], extraArgs: string[] = []): KubeObject[] {
  const result = helm([
    'template',
    'prost',
    chart,
    '--namespace',
    'prost',
    '--kube-version',
    kubeVersion,
    ...valueArgs(chart, files),
    ...extraArgs,
  ])
  if (result.status !== 0)
    throw new Error(`helm template ${chart} (${describeValues(files)}) failed:\n${result.output}`)
  return parseManifests(result.stdout)
}

export function parseManifests(text: string): KubeObject[] {
  const objects: KubeObject[] = []
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length)
      throw new Error(`invalid YAML in rendered output: ${document.errors[0]!.message}`)
    const object = document.toJS() as KubeObject | null
    if (object) objects.push(object)
  }
  return objects
}

export const ofKind = <T = KubeObject>(objects: KubeObject[], kind: string): (KubeObject & T)[] =>
  objects.filter((object) => object.kind === kind) as (KubeObject & T)[]

export const describeObject = (object: KubeObject) => `${object.kind}/${object.metadata?.name}`

/** True when every label of the selector is on the labels. */
export const selects = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value)
