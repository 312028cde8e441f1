// Paths of the repository and the external programs the deploy checks run.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const repoPath = (...parts: string[]) => join(repoRoot, ...parts)
export const readRepoFile = (...parts: string[]) => readFileSync(repoPath(...parts), 'utf8')

const prostBin = join(process.env.PROST_CACHE ?? join(homedir(), '.cache', 'prost'), 'bin')

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' })
  const path = found.stdout.trim()
  return found.status === 0 && path ? path : undefined
}

/** The first candidate that exists; else an error saying how to get the program. */
function firstExisting(candidates: (string | undefined)[], missing: string): string {
  const found = candidates.find((candidate) => candidate && existsSync(candidate))
  if (!found) throw new Error(missing)
  return found
}

/** helm: $PROST_HELM_BIN, else helm on PATH, else the build cached by scripts/lib/tools.sh. */
export function helmBinary(): string {
  return firstExisting(
    [process.env.PROST_HELM_BIN, onPath('helm'), join(prostBin, 'helm-v3.16.4')],
    'helm not found: set PROST_HELM_BIN, put helm on PATH, or build it with ' +
      '`source scripts/lib/tools.sh && source scripts/lib/deploy-tools.sh && ensure_deploy_tools`',
  )
}

/** terraform or OpenTofu: $PROST_TERRAFORM_BIN, terraform/tofu on PATH, or tofu built by deploy-tools.sh. */
export function terraformBinary(): string {
  const cached = existsSync(prostBin)
    ? readdirSync(prostBin)
        .filter((name) => /^tofu-v/.test(name))
        .map((name) => join(prostBin, name))
    : []
  return firstExisting(
    [process.env.PROST_TERRAFORM_BIN, onPath('terraform'), onPath('tofu'), ...cached],
    'neither terraform nor tofu found: set PROST_TERRAFORM_BIN or run ' +
      '`source scripts/lib/tools.sh && source scripts/lib/deploy-tools.sh && ensure_deploy_tools`',
  )
}

/** promtool: $PROST_PROMTOOL_BIN, else promtool on PATH, else the copy deploy-tools.sh took from Debian's package. */
export function promtoolBinary(): string {
  const cached = existsSync(prostBin)
    ? readdirSync(prostBin)
        .filter((name) => /^promtool-/.test(name))
        .map((name) => join(prostBin, name))
    : []
  return firstExisting(
    [process.env.PROST_PROMTOOL_BIN, onPath('promtool'), ...cached],
    'promtool not found: set PROST_PROMTOOL_BIN, put promtool on PATH, or run ' +
      '`source scripts/lib/tools.sh && source scripts/lib/deploy-tools.sh && ensure_deploy_tools`',
  )
}

export const haproxyBinary = (): string | undefined =>
  process.env.PROST_HAPROXY_BIN ??
  onPath('haproxy') ??
  (existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : undefined)

/** Only a real compose plugin counts: the docker CLI alone answers `docker --version` too. */
export function dockerComposeAvailable(): boolean {
  if (!onPath('docker')) return false
  return spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0
}

export interface CommandResult {
  status: number
  stdout: string
  stderr: string
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw result.error
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
}

export function runOrThrow(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  return execFileSync(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Service folders: every directory under services/ is a deployable service. */
export const serviceFolders = (): string[] =>
  readdirSync(repoPath('services'))
    .filter((name) => statSync(repoPath('services', name)).isDirectory())
    .sort()
