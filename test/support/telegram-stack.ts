/**
 * The whole stack behind HAProxy with its bot against the fake Bot API (the Telegram-loop suites):
 * the fake first (its address goes into the bot's settings), then the stack, then a wait until the
 * bot listens (its webhook registered, or in polling mode its first getUpdates), so a test's first
 * update reaches it. Webhook is how k8s runs the bot, polling how `npm start` does.
 */
import { expect, vi } from 'vitest'
import { freePort } from '../../scripts/stack/net.js'
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js'
import { startIngressStack, type IngressStack, type IngressStackOptions } from './ingress-stack.js'

export interface TelegramStackOptions {
  token: string
  username: string
  webhookSecret: string
  /** Default webhook. */
  mode?: 'webhook' | 'polling'
  /** Telegram's per-chat limits (1/s private, 20/min per group) with 429 retry_after. */
  chatLimits?: boolean
  replicas?: IngressStackOptions['replicas']
}

export interface TelegramStack {
  fake: FakeTelegram
  stack: IngressStack
  /** The ingress, as the bot's PUBLIC_URL. */
  base: string
  stop(): Promise<void>
}

export async function startTelegramStack(options: TelegramStackOptions): Promise<TelegramStack> {
  const fake = await startFakeTelegram({
    token: options.token,
    username: options.username,
    chatLimits: options.chatLimits ?? true,
  })
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const stack = await startIngressStack({
    ingressPort: port,
    ...(options.replicas ? { replicas: options.replicas } : {}),
    env: {
      notifications: {
        TELEGRAM_BOT_TOKEN: options.token,
        TELEGRAM_BOT_USERNAME: options.username,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_MODE: options.mode ?? 'webhook',
        TELEGRAM_WEBHOOK_SECRET: options.webhookSecret,
        PUBLIC_URL: base,
      },
    },
  })
  await vi.waitFor(
    () =>
      options.mode === 'polling'
        ? expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(true)
        : expect(fake.webhook?.url).toBe(`${base}/api/telegram/webhook/${options.webhookSecret}`),
    { timeout: 10_000 },
  )
  return {
    fake,
    stack,
    base,
    async stop() {
      await stack.stop()
      await fake.close()
    },
  }
}
