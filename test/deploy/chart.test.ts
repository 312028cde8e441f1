// charts/prost: helm lint and template for every values file, and every rendered object checked
// against the Kubernetes schemas (types and unknown fields).
import { describe, expect, it } from 'vitest'
import { schemaErrors, strictFieldErrors } from './kube-schema.js'
import { describeValues, lintChart, ofKind, prostChart, prostValueFiles, renderChart } from './manifests.js'
import { helmBinary } from './repo.js'

describe('charts/prost', () => {
  it('has a helm binary to check with', () => {
    // Fails (does not skip) when helm is missing: these checks are the only thing standing
    // between a template bug and a broken sync.
    expect(helmBinary()).toBeTruthy()
  })

  describe.each(prostValueFiles.map((files) => [describeValues(files), files] as const))(
    'with %s',
    (_label, files) => {
      it('passes helm lint --strict (values.schema.json included)', () => {
        const lint = lintChart(prostChart, files)
        expect(lint.status, lint.output).toBe(0)
      })

      it('renders objects that match the Kubernetes schemas', async () => {
        const objects = renderChart(prostChart, files)
        expect(await schemaErrors(objects)).toEqual([])
      })

      it('renders no field the Kubernetes API does not know', () => {
        expect(strictFieldErrors(renderChart(prostChart, files))).toEqual([])
      })

      it('renders at least the six Deployments', () => {
        expect(ofKind(renderChart(prostChart, files), 'Deployment').length).toBeGreaterThanOrEqual(6)
      })
    },
  )

  it('rejects values the schema forbids (a secret in a ConfigMap, a writable root filesystem)', () => {
    const secretInConfig = renderAttempt(['--set', 'components.events.env.JWT_SECRET=not-here'])
    const writableRoot = renderAttempt([
      '--set',
      'componentDefaults.securityContext.readOnlyRootFilesystem=false',
    ])
    expect({ secretInConfig, writableRoot }).toEqual({ secretInConfig: false, writableRoot: false })
  })

  it('fails to render when a component names a backend the NetworkPolicy does not define', () => {
    expect(renderAttempt(['--set', 'components.events.backends={postgres}'])).toBe(false)
  })
})

function renderAttempt(extraArgs: string[]): boolean {
  try {
    renderChart(prostChart, [], extraArgs)
    return true
  } catch {
    return false
  }
}
