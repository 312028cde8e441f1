// Validates rendered objects offline, two ways:
// 1. the JSON-schema validators of kubernetes-models (types, formats, required fields, enums);
// 2. a TypeScript type check of each object as a literal of the model's interface, because the
//    Kubernetes schemas allow unknown fields, and a misspelt or mis-indented field is the most
//    common template bug (kubectl apply --validate=strict would reject it).
import ts from 'typescript'
import type { KubeObject } from './manifests.js'
import { repoPath } from './repo.js'

/** apiVersion/kind -> module exporting the model class and its `I<Kind>` interface. */
function modelModule(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion]
  if (group === 'argoproj.io') return `@kubernetes-models/argo-cd/argoproj.io/${version}/${object.kind}`
  if (group === 'monitoring.coreos.com')
    return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${object.kind}`
  return group
    ? `kubernetes-models/${group}/${version}/${object.kind}`
    : `kubernetes-models/${version}/${object.kind}`
}

interface Model {
  validate(): void
}
type ModelClass = new (data: unknown) => Model

/** Schema errors per object ("Kind/name: message"); an object of an unknown kind is an error too. */
export async function schemaErrors(objects: KubeObject[]): Promise<string[]> {
  const errors: string[] = []
  for (const object of objects) {
    const label = `${object.kind}/${object.metadata?.name}`
    let Model: ModelClass | undefined
    try {
      const module = (await import(modelModule(object))) as Record<string, ModelClass>
      Model = module[object.kind]
    } catch (error) {
      errors.push(`${label}: no schema for ${object.apiVersion} ${object.kind} (${(error as Error).message})`)
      continue
    }
    if (!Model) {
      errors.push(`${label}: no model class for ${object.apiVersion} ${object.kind}`)
      continue
    }
    try {
      new Model(object).validate()
    } catch (error) {
      errors.push(`${label}: ${(error as Error).message}`)
    }
  }
  return errors
}

/**
 * Type-checks `const o: I<Kind> = <object>` for every object in one in-memory program; returns the
 * diagnostics as "Kind/name: message". Excess-property checks catch unknown fields at any depth.
 */
export function strictFieldErrors(objects: KubeObject[]): string[] {
  // The virtual file sits in test/deploy so module resolution finds the models wherever npm put them.
  const fileName = repoPath('test/deploy/__rendered-objects__.ts')
  const imports = new Map<string, string>()
  const lines: string[] = []
  const lineOwners: string[] = []
  objects.forEach((object, index) => {
    const module = modelModule(object)
    const alias = imports.get(module) ?? `T${imports.size}`
    imports.set(module, alias)
    const literal = JSON.stringify(object, null, 1).split('\n')
    literal[0] = `export const object${index}: ${alias} = ${literal[0]}`
    for (const line of literal) {
      lines.push(line)
      lineOwners.push(`${object.kind}/${object.metadata?.name}`)
    }
  })
  const header = [...imports].map(([module, alias]) => {
    const kind = module.slice(module.lastIndexOf('/') + 1)
    return `import type { I${kind} as ${alias} } from '${module}'`
  })
  const source = [...header, ...lines].join('\n')

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  }
  const host = ts.createCompilerHost(options)
  const original = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile }
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, language)
      : original.getSourceFile(name, language, ...rest)
  host.fileExists = (name) => name === fileName || original.fileExists(name)
  host.readFile = (name) => (name === fileName ? source : original.readFile(name))

  const program = ts.createProgram([fileName], options, host)
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()]
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return message
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    const owner = lineOwners[line - header.length] ?? 'imports'
    return `${owner} (line ${line - header.length + 1}): ${message}`
  })
}
