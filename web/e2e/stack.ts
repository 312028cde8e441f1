/**
 * Global setup for the browser tests. The stack they drive, first match wins:
 *  - PROST_E2E_URL: any running Prost (a k8s deployment, a colleague's `npm start`);
 *  - under `npm test` (the backends' addresses are in the environment): the four services and the
 *    built SPA behind a private HAProxy, started here and stopped in teardown;
 *  - otherwise a stack already answering on :PROST_PORT (8080), or one started with `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { startIngressStack } from '@prost/test-support'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** The bot token accounts checks Mini App initData with; empty when this run does not know it. */
    telegramBotToken: string
    e2e: {
      url: string
      port: number
      chromium: string
      webDist: string
      underNpmTest: boolean
      telegramBotToken?: string
    }
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url))
/** The bot of the stack started here: the Mini App spec signs initData with it, as Telegram would. */
const E2E_BOT_TOKEN = '7000000099:AAE2E-mini-app-test-bot-token'

async function isUp(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/events/healthz`, { signal: AbortSignal.timeout(2000) })
    return res.ok && (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok
  } catch {
    return false
  }
}

async function startWithNpm(baseUrl: string) {
  const stack: ChildProcess = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const deadline = Date.now() + 8 * 60_000
  while (!(await isUp(baseUrl))) {
    if (stack.exitCode !== null) throw new Error(`npm start exited with ${stack.exitCode}`)
    if (Date.now() > deadline) throw new Error('the stack did not come up within 8 minutes')
    await new Promise((r) => setTimeout(r, 2000))
  }
  return async () => {
    process.kill(-stack.pid!, 'SIGTERM')
    await new Promise((r) => stack.once('exit', r))
  }
}

export default async function setup(project: TestProject) {
  const settings = project.config.provide.e2e ?? {
    url: '',
    port: 8080,
    chromium: '/usr/bin/chromium',
    webDist: '',
    underNpmTest: false,
  }
  let baseUrl: string
  let stop: (() => Promise<void>) | undefined
  // Another stack's bot token only when its owner says it (PROST_E2E_TELEGRAM_BOT_TOKEN).
  let telegramBotToken = settings.telegramBotToken ?? ''
  if (settings.url) {
    baseUrl = settings.url.replace(/\/$/, '')
    if (!(await isUp(baseUrl))) throw new Error(`PROST_E2E_URL=${baseUrl} does not answer`)
  } else if (settings.underNpmTest) {
    // A bot token without a username: Mini App sign-in works, and the login page shows no widget.
    telegramBotToken = E2E_BOT_TOKEN
    const stack = await startIngressStack({
      webDist: settings.webDist || fileURLToPath(new URL('../dist', import.meta.url)),
      env: { accounts: { TELEGRAM_BOT_TOKEN: E2E_BOT_TOKEN } },
    })
    ;({ url: baseUrl, stop } = stack)
  } else {
    baseUrl = `http://localhost:${settings.port}`
    if (!(await isUp(baseUrl))) stop = await startWithNpm(baseUrl)
  }
  // The SPA's origin is what CORS and cookies expect: localhost, not 127.0.0.1.
  project.provide('baseUrl', baseUrl.replace('127.0.0.1', 'localhost'))
  project.provide('telegramBotToken', telegramBotToken)
  return async () => {
    await stop?.()
  }
}
