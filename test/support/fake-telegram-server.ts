/**
 * The fake Telegram Bot API as a process of its own, so anyone can run the whole Telegram loop
 * locally: `npx tsx test/support/fake-telegram-server.ts --port 8081 --token 123:abc [--username ProstBot]
 * [--limits]`, then start Prost with TELEGRAM_API_ROOT=http://127.0.0.1:8081, the same
 * TELEGRAM_BOT_TOKEN, TELEGRAM_MODE=webhook and a TELEGRAM_WEBHOOK_SECRET. Play the Telegram side
 * with `POST /fake/<token>/update` (an Update as JSON; delivered to the webhook like Telegram does),
 * look with `GET /fake/<token>/calls` and `GET /fake/<token>/messages`, remove the bot from a group
 * with `POST /fake/<token>/kick {"chat_id": -100…}`. `--limits` enforces Telegram's per-chat limits.
 */
import { parseArgs } from 'node:util'
import { startFakeTelegram } from './fake-telegram.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' },
    token: { type: 'string' },
    username: { type: 'string', default: 'ProstBot' },
    limits: { type: 'boolean', default: false },
  },
})
if (!values.token) {
  console.error('usage: fake-telegram-server.ts --port N --token T [--username U] [--limits]')
  process.exit(64)
}
const fake = await startFakeTelegram({
  token: values.token,
  username: values.username,
  port: Number(values.port),
  chatLimits: values.limits,
})
console.log(`fake Telegram Bot API on ${fake.apiRoot} (bot @${values.username}); Ctrl-C stops it`)
const stop = () => void fake.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
