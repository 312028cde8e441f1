// terraform/ read as data with HashiCorp's HCL parser (compiled to WebAssembly in @cdktf/hcl2json).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@cdktf/hcl2json'
import { repoPath } from './repo.js'

export type HclBody = Record<string, unknown>
/** Labelled blocks: name -> bodies (variable "x" {...} gives { x: [{...}] }). */
export type HclBlocks = Record<string, HclBody[]>
export interface TerraformModule {
  directory: string
  files: string[]
  /** Blocks merged over the module's files, e.g. config.variable.jwt_secret[0].sensitive */
  config: {
    terraform?: HclBody[]
    variable?: HclBlocks
    output?: HclBlocks
    module?: HclBlocks
    locals?: HclBody[]
    provider?: HclBlocks
    /** resource type -> name -> bodies */
    resource?: Record<string, HclBlocks>
  }
}

/** The one root module. An environment is a pair of files in it: <environment>.tfvars (-var-file)
 * and <environment>.backend.hcl (-backend-config, where its state lives). */
export const rootDirectory = 'terraform/envs'
export const environments = ['dev', 'prod'] as const
export const moduleDirectories = ['terraform/modules/prost-platform', rootDirectory]

export async function readTerraformModule(directory: string): Promise<TerraformModule> {
  const files = readdirSync(repoPath(directory))
    .filter((name) => name.endsWith('.tf'))
    .sort()
  const config: Record<string, unknown> = {}
  for (const file of files) {
    const path = join(repoPath(directory), file)
    const parsed = (await parse(path, readFileSync(path, 'utf8'))) as Record<string, unknown>
    for (const [blockType, blocks] of Object.entries(parsed)) {
      if (blockType === 'terraform' || blockType === 'locals') {
        config[blockType] = [...((config[blockType] as unknown[]) ?? []), ...(blocks as unknown[])]
      } else if (blockType === 'resource' || blockType === 'data') {
        const merged = (config[blockType] ?? {}) as Record<string, HclBlocks>
        for (const [type, named] of Object.entries(blocks as Record<string, HclBlocks>))
          merged[type] = { ...merged[type], ...named }
        config[blockType] = merged
      } else {
        config[blockType] = { ...((config[blockType] as object) ?? {}), ...(blocks as object) }
      }
    }
  }
  return { directory, files, config: config as TerraformModule['config'] }
}

/** A file of plain attributes (*.tfvars, *.backend.hcl): name -> value, e.g. { environment: 'dev' }. */
export async function readHclAttributes(directory: string, file: string): Promise<Record<string, unknown>> {
  const path = join(repoPath(directory), file)
  return (await parse(path, readFileSync(path, 'utf8'))) as Record<string, unknown>
}

/** First (only) body of a labelled block: block(module.config.variable, 'jwt_secret'). */
export const block = <T = HclBody>(blocks: HclBlocks | undefined, name: string): T | undefined =>
  blocks?.[name]?.[0] as T | undefined
