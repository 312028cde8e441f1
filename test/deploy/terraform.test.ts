// terraform/: what can be checked with no cluster and no provider registry. The terraform binary
// formats and resolves modules; the providers (hashicorp/kubernetes, hashicorp/helm) cannot be
// fetched here, so `terraform validate` does not run (terraform/README.md). The HCL parser then
// checks the wiring validate would otherwise catch, plus the project's own rules.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { readRepoFile, repoPath, run, terraformBinary } from './repo.js'
import { block, moduleDirectories, readTerraformModule, type TerraformModule } from './terraform-config.js'

type Body = Record<string, unknown>
const secretName = /(password|secret|token|cookie|_key$)/i
const modules = new Map<string, TerraformModule>()

beforeAll(async () => {
  for (const directory of moduleDirectories) modules.set(directory, await readTerraformModule(directory))
})
const platform = () => modules.get('terraform/modules/prost-platform')!
const environments = ['dev', 'prod'] as const
const envModule = (environment: string) => modules.get(`terraform/envs/${environment}`)!

/** Runs terraform with its state, plugins and CLI config in a throwaway directory. */
function terraform(args: string[], cwd: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'prost-terraform-'))
  try {
    return run(terraformBinary(), args, {
      cwd,
      env: {
        TF_DATA_DIR: dataDir,
        TF_CLI_CONFIG_FILE: '/dev/null',
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        NO_COLOR: '1',
      },
    })
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

  it.each(environments)('envs/%s resolves its module sources (terraform get)', (environment) => {
    const result = terraform(['get'], repoPath('terraform/envs', environment))
    expect(result.status, result.stderr).toBe(0)
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

  it.each(environments)(
    'envs/%s pins the providers to exact versions, the same in every environment',
    (environment) => {
      const requiredProviders = (
        envModule(environment).config.terraform?.[0] as {
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
      expect(requiredProviders).toEqual(
        (envModule('dev').config.terraform?.[0] as { required_providers: unknown[] }).required_providers[0],
      )
    },
  )

  it.each(environments)('envs/%s passes every required module variable and no unknown one', (environment) => {
    const call = block(envModule(environment).config.module, 'prost')!
    expect(call.source).toBe('../../modules/prost-platform')
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
  })

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
    'envs/%s syncs the root Application the way argocd/apps syncs its children',
    (environment) => {
      const call = block(envModule(environment).config.module, 'prost')!
      const appsValues = parse(readRepoFile(`argocd/apps/values-${environment}.yaml`)) as {
        syncPolicy: { automated: boolean }
      }
      expect(call.environment).toBe(environment)
      expect(call.automated_sync).toBe(appsValues.syncPolicy.automated)
    },
  )
})
