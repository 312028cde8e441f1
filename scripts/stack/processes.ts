/**
 * Child processes the stack starts: output goes to a log file under the stack's folder, and every
 * process is stopped (TERM, then KILL) by stopAll, which the start and test scripts call on exit.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import path from 'node:path'

export interface Managed {
  name: string
  child: ChildProcess
  logFile: string
  stop: (signal?: NodeJS.Signals) => Promise<void>
  exited: Promise<number | null>
}

const running = new Set<Managed>()

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { logDir: string; echo?: boolean; onExit?: (code: number | null) => void },
): Managed {
  mkdirSync(options.logDir, { recursive: true })
  const logFile = path.join(options.logDir, `${name}.log`)
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  if (options.echo) {
    child.stdout?.pipe(process.stdout)
    child.stderr?.pipe(process.stderr)
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(managed)
      options.onExit?.(code)
      resolve(code)
    })
    child.once('error', () => resolve(-1))
  })
  const managed: Managed = {
    name,
    child,
    logFile,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
  running.add(managed)
  return managed
}

/** Stops everything started here, newest first (services before the stores they use), but `keep`. */
export async function stopAll(options: { keep?: Managed } = {}) {
  for (const managed of [...running].reverse()) if (managed !== options.keep) await managed.stop()
}
