// terraform/: what can be checked with no cluster and no provider registry. The terraform binary
// formats, resolves modules and reads each environment's variable file; the providers
// (hashicorp/kubernetes, hashicorp/helm) cannot be fetched here, so `terraform validate` does not
// run (terraform/README.md). The HCL parser then checks the wiring validate would otherwise catch,
// for every environment (terraform/envs with <environment>.tfvars), plus the project's own rules.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { readRepoFile, repoPath, terraformBinary, type CommandResult } from './repo.js'
import {
  block,
  environments,
  moduleDirectories,
  readHclAttributes,
  readTerraformModule,
  rootDirectory,
  type TerraformModule,
} from './terraform-config.js'

type Body = Record<string, unknown>
type Variables = Record<string, unknown>
const secretName = /(password|secret|token|cookie|_key$)/i
const modules = new Map<string, TerraformModule>()
/** <environment>.tfvars and <environment>.backend.hcl of the root, as read by the HCL parser. */
const tfvars = new Map<string, Variables>()
const backendConfigs = new Map<string, Variables>()

beforeAll(async () => {
  for (const directory of moduleDirectories) modules.set(directory, await readTerraformModule(directory))
  for (const environment of environments) {
    tfvars.set(environment, await readHclAttributes(rootDirectory, `${environment}.tfvars`))
    backendConfigs.set(environment, await readHclAttributes(rootDirectory, `${environment}.backend.hcl`))
  }
})
const platform = () => modules.get('terraform/modules/prost-platform')!
const root = () => modules.get(rootDirectory)!
const sensitiveVariables = () =>
  new Set(
    Object.entries(root().config.variable ?? {})
      .filter(([, bodies]) => bodies[0]?.sensitive === true)
      .map(([name]) => name),
  )

/** The root's non-secret variables in one environment: <environment>.tfvars over the defaults. */
function environmentVariables(environment: string): Variables {
  const defaults = Object.entries(root().config.variable ?? {})
    .filter(([, bodies]) => bodies[0]?.sensitive !== true && 'default' in bodies[0]!)
    .map(([name, bodies]) => [name, bodies[0]!.default])
  return { ...Object.fromEntries(defaults), ...tfvars.get(environment) }
}

/** The root's `module "prost"` call in one environment: "${var.x}" replaced by x's value there
 * (undefined when nothing sets it); secrets stay references, their values come from TF_VAR_*. */
function moduleInputs(environment: string): Variables {
  const variables = environmentVariables(environment)
  const sensitive = sensitiveVariables()
  const call = block(root().config.module, 'prost')!
  return Object.fromEntries(
    Object.entries(call).map(([key, value]) => {
      const name = typeof value === 'string' ? /^\$\{var\.(\w+)\}$/.exec(value)?.[1] : undefined
      if (name === undefined || sensitive.has(name)) return [key, value]
      return [key, variables[name]]
    }),
  )
}

/** Runs terraform with its state, plugins and CLI config in a throwaway directory. */
function terraform(
  args: string[],
  cwd: string,
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const dataDir = mkdtempSync(join(tmpdir(), 'prost-terraform-'))
  try {
    const result = spawnSync(terraformBinary(), args, {
      cwd,
      input: options.input,
      encoding: 'utf8',
      env: {
        ...process.env,
        TF_DATA_DIR: dataDir,
        TF_CLI_CONFIG_FILE: '/dev/null',
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        NO_COLOR: '1',
        ...options.env,
      },
    })
    if (result.error) throw result.error
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe('terraform with the real binary', () => {
  it('has terraform or OpenTofu to check with', () => {
    expect(terraformBinary()).toBeTruthy()
  })

  it('is formatted (terraform fmt -check -recursive)', () => {
    const result = terraform(['fmt', '-check', '-recursive', '-diff'], repoPath('terraform'))
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
  })

  it('formats the partial backend configurations too (fmt skips *.hcl; terraform fmt -check -)', () => {
    const files = readdirSync(repoPath(rootDirectory)).filter((file) => file.endsWith('.backend.hcl'))
    expect(files.length).toBeGreaterThanOrEqual(environments.length)
    const unformatted = files.filter(
      (file) =>
        terraform(['fmt', '-check', '-'], repoPath(rootDirectory), {
          input: readRepoFile(rootDirectory, file),
        }).status !== 0,
    )
    expect(unformatted).toEqual([])
  })

  it('envs resolves its module sources (terraform get)', () => {
    const result = terraform(['get'], repoPath(rootDirectory))
    expect(result.status, result.stderr).toBe(0)
  })

  // The whole root needs the providers even for `terraform console`; its variables.tf alone does
  // not, so terraform evaluates each variable file against the real declarations (types, defaults,
  // required variables) and must agree with what the HCL-based checks below assume.
  it.each(environments)('envs reads %s.tfvars as the checks below do (terraform console)', (environment) => {
    const declared = root().config.variable ?? {}
    const sensitive = sensitiveVariables()
    const names = Object.keys(declared).filter((name) => !sensitive.has(name))
    const workDirectory = mkdtempSync(join(tmpdir(), 'prost-terraform-vars-'))
    try {
      copyFileSync(repoPath(rootDirectory, 'variables.tf'), join(workDirectory, 'variables.tf'))
      const secrets = Object.fromEntries([...sensitive].map((name) => [`TF_VAR_${name}`, 'x'.repeat(32)]))
      const result = terraform(
        ['console', '-input=false', `-var-file=${repoPath(rootDirectory, `${environment}.tfvars`)}`],
        workDirectory,
        {
          input: `jsonencode({ ${names.map((name) => `${name} = var.${name}`).join(', ')} })\n`,
          env: secrets,
        },
      )
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
      const printed = result.stdout.trim().split('\n').at(-1)!
      expect(JSON.parse(JSON.parse(printed) as string)).toEqual(environmentVariables(environment))
    } finally {
      rmSync(workDirectory, { recursive: true, force: true })
    }
  })
})

describe('terraform configuration', () => {
  it.each(moduleDirectories)(
    '%s: every variable has a type and a description, every output a description',
    (directory) => {
      const { config } = modules.get(directory)!
      const variables = Object.entries(config.variable ?? {})
        .filter(([, bodies]) => !bodies[0]?.description || !bodies[0]?.type)
        .map(([name]) => name)
      const outputs = Object.entries(config.output ?? {})
        .filter(([, bodies]) => !bodies[0]?.description)
        .map(([name]) => name)
      expect({ variables, outputs }).toEqual({ variables: [], outputs: [] })
    },
  )

  it.each(moduleDirectories)(
    '%s: marks every secret variable sensitive, with no default but ""',
    (directory) => {
      const { config } = modules.get(directory)!
      const problems = Object.entries(config.variable ?? {})
        .filter(([name]) => secretName.test(name))
        .flatMap(([name, bodies]) =>
          [
            bodies[0]?.sensitive === true ? [] : [`${name}: not sensitive`],
            bodies[0]?.default === undefined || bodies[0].default === ''
              ? []
              : [`${name}: has a default value`],
          ].flat(),
        )
      expect(problems).toEqual([])
    },
  )

  it('commits no variable values for secrets (*.tfvars)', () => {
    const tfvars = readdirSync(repoPath('terraform'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.tfvars(\.json)?$/.test(file),
    )
    const problems = tfvars.filter((file) =>
      /^\s*\w*(password|secret|token|cookie|_key)\w*\s*=/im.test(readRepoFile('terraform', file)),
    )
    expect(problems).toEqual([])
  })

  it('envs pins the providers to exact versions (one root, so the same in every environment)', () => {
    const requiredProviders = (
      root().config.terraform?.[0] as {
        required_providers: Record<string, { source: string; version: string }>[]
      }
    ).required_providers[0]!
    expect(requiredProviders.kubernetes).toMatchObject({
      source: 'hashicorp/kubernetes',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    })
    expect(requiredProviders.helm).toMatchObject({
      source: 'hashicorp/helm',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    })
  })

  it.each(environments)(
    '%s.tfvars sets only declared variables, every required one but the secrets, as many as the others',
    (environment) => {
      const declared = root().config.variable ?? {}
      const values = tfvars.get(environment)!
      const unknown = Object.keys(values).filter((name) => !(name in declared))
      const missing = Object.entries(declared)
        .filter(
          ([name, bodies]) =>
            !('default' in bodies[0]!) && bodies[0]?.sensitive !== true && !(name in values),
        )
        .map(([name]) => name)
      expect({ unknown, missing }).toEqual({ unknown: [], missing: [] })
      // A variable one environment sets and another leaves to its default is easy to miss.
      for (const other of environments)
        expect(Object.keys(values).sort(), `${environment}.tfvars vs ${other}.tfvars`).toEqual(
          Object.keys(tfvars.get(other)!).sort(),
        )
    },
  )

  it.each(environments)(
    "%s.backend.hcl keeps the environment's state apart (same Secret as before, kube-system)",
    (environment) => {
      const backend = (root().config.terraform?.[0] as { backend: Record<string, Body[]> }).backend
      expect(Object.keys(backend)).toEqual(['kubernetes'])
      // Partial configuration: versions.tf holds what all environments share, never the suffix
      // (init without -backend-config must stop, not pick some environment's state).
      expect(backend.kubernetes![0]).toEqual({ namespace: 'kube-system' })
      const config = backendConfigs.get(environment)!
      expect(config.secret_suffix).toBe(`prost-${environment}`)
      expect(Object.keys(config).filter((key) => key in backend.kubernetes![0]!)).toEqual([])
      const sharing = environments.filter(
        (other) => other !== environment && backendConfigs.get(other)!.secret_suffix === config.secret_suffix,
      )
      expect(sharing).toEqual([])
    },
  )

  it.each(environments)(
    'envs with %s.tfvars passes every required module variable and no unknown one',
    (environment) => {
      const call = moduleInputs(environment)
      expect(call.source).toBe('../modules/prost-platform')
      const moduleVariables = platform().config.variable ?? {}
      const required = Object.entries(moduleVariables)
        .filter(([, bodies]) => !('default' in bodies[0]!))
        .map(([name]) => name)
      const passed = Object.keys(call).filter(
        (key) => !['source', 'version', 'providers', 'depends_on', 'count', 'for_each'].includes(key),
      )
      expect(
        required.filter((name) => !passed.includes(name)),
        'missing',
      ).toEqual([])
      expect(
        passed.filter((name) => !(name in moduleVariables)),
        'unknown',
      ).toEqual([])
      expect(
        passed.filter((name) => call[name] === undefined),
        'set from a variable nothing sets',
      ).toEqual([])
    },
  )

  it.each(moduleDirectories)('%s: declares every var.* it references', (directory) => {
    const module = modules.get(directory)!
    const text = module.files.map((file) => readRepoFile(directory, file)).join('\n')
    const referenced = new Set([...text.matchAll(/\bvar\.([a-z_][a-z0-9_]*)/g)].map((match) => match[1]!))
    const declared = new Set(Object.keys(module.config.variable ?? {}))
    expect([...referenced].filter((name) => !declared.has(name))).toEqual([])
  })

  it('fills prost-secrets with every key charts/prost reads, from variables only', () => {
    const secret = block<{ data: Record<string, string>; metadata: Body[] }>(
      platform().config.resource?.kubernetes_secret_v1,
      'prost',
    )!
    const chartValues = parse(readRepoFile('charts/prost/values.yaml')) as {
      secrets: { existingSecret: string }
      components: Record<string, { secretEnv: string[]; optionalSecretEnv: string[] }>
    }
    expect(secret.metadata[0]!.name).toBe(chartValues.secrets.existingSecret)
    const chartKeys = new Set(
      Object.values(chartValues.components).flatMap((component) => [
        ...component.secretEnv,
        ...component.optionalSecretEnv,
      ]),
    )
    expect([...chartKeys].filter((key) => !(key in secret.data))).toEqual([])
    // A data block is either a map of values or one expression (merge(...)); either way every value
    // must be an interpolation of variables or locals, never a literal.
    const literal = Object.entries(platform().config.resource?.kubernetes_secret_v1 ?? {}).flatMap(
      ([name, bodies]) => {
        const data = bodies[0]!.data as string | Record<string, string>
        if (typeof data === 'string')
          return /^\$\{[\s\S]*\}$/.test(data) && !/=\s*"[^"$]+"/.test(data) ? [] : [`${name}: ${data}`]
        return Object.entries(data)
          .filter(([, value]) => !String(value).includes('${'))
          .map(([key]) => `${name}.${key}`)
      },
    )
    expect(literal).toEqual([])
  })

  it('installs ArgoCD with Helm and creates the root Application for argocd/apps', () => {
    const resources = platform().config.resource ?? {}
    expect(Object.keys(resources)).toEqual(
      expect.arrayContaining([
        'kubernetes_namespace_v1',
        'kubernetes_secret_v1',
        'helm_release',
        'kubernetes_manifest',
      ]),
    )
    const argocd = block(resources.helm_release, 'argocd')!
    expect(argocd.chart).toBe('argo-cd')
    expect(argocd.version).toBe('${var.argocd_chart_version}')

    const root = block<{
      manifest: {
        kind: string
        metadata: { finalizers: string[] }
        spec: { source: { path: string; helm: { valueFiles: string[] } } }
      }
    }>(resources.kubernetes_manifest, 'root_application')!
    expect(root.manifest.kind).toBe('Application')
    expect(root.manifest.metadata.finalizers).toContain('resources-finalizer.argocd.argoproj.io')
    expect(existsSync(repoPath(root.manifest.spec.source.path, 'Chart.yaml'))).toBe(true)
    for (const environment of environments) {
      for (const file of root.manifest.spec.source.helm.valueFiles) {
        expect(
          existsSync(
            repoPath(root.manifest.spec.source.path, file.replace('${var.environment}', environment)),
          ),
          file,
        ).toBe(true)
      }
    }
  })

  it.each(environments)(
    'envs with %s.tfvars syncs the root Application the way argocd/apps syncs its children',
    (environment) => {
      const call = moduleInputs(environment)
      const appsValues = parse(readRepoFile(`argocd/apps/values-${environment}.yaml`)) as {
        syncPolicy: { automated: boolean }
      }
      expect(call.environment).toBe(environment)
      expect(call.automated_sync).toBe(appsValues.syncPolicy.automated)
    },
  )

  it.each(environments)(
    'envs with %s.tfvars points MONGODB_URL at the MongoDB argocd/apps deploys there',
    (environment) => {
      type AppsValues = {
        namespaces?: { data?: string }
        backends?: {
          mongodb?: { values?: { architecture?: string; replicaCount?: number; replicaSetName?: string } }
        }
      }
      const defaults = parse(readRepoFile('argocd/apps/values.yaml')) as AppsValues
      const overrides = parse(readRepoFile(`argocd/apps/values-${environment}.yaml`)) as AppsValues
      const mongodb = { ...defaults.backends?.mongodb?.values, ...overrides.backends?.mongodb?.values }
      const namespace = overrides.namespaces?.data ?? defaults.namespaces?.data
      const call = moduleInputs(environment)
      const options = String(call.mongodb_options).split('&')
      expect(options).toContain('authSource=admin')
      // Bitnami's mongodb chart (release "mongodb"): one Service when standalone; a replica set is
      // reached through every member of the headless Service (replicaCount defaults to 2, the set to rs0).
      if (mongodb.architecture === 'replicaset') {
        const members = Array.from(
          { length: mongodb.replicaCount ?? 2 },
          (_, index) => `mongodb-${index}.mongodb-headless.${namespace}.svc.cluster.local:27017`,
        )
        expect(call.mongodb_hosts).toBe(members.join(','))
        expect(options).toContain(`replicaSet=${mongodb.replicaSetName ?? 'rs0'}`)
      } else {
        expect(call.mongodb_hosts).toBe(`mongodb.${namespace}.svc.cluster.local:27017`)
        expect(options.filter((option) => option.startsWith('replicaSet='))).toEqual([])
      }
    },
  )
})
