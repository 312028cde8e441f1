import { project } from '../../vitest.shared.js'

// Browser tests in Debian's Chromium against a whole stack through HAProxy (see stack.ts for which).
export default project({
  test: {
    name: 'web-e2e',
    root: import.meta.dirname,
    include: ['*.spec.ts'],
    globalSetup: ['./stack.ts'],
    provide: {
      e2e: {
        url: process.env.PROST_E2E_URL ?? '',
        port: Number(process.env.PROST_PORT ?? 8080),
        chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        // A build of the SPA other than web/dist (parallel work trees or runs each serve their own).
        webDist: process.env.PROST_E2E_WEB_DIST ?? '',
        // scripts/stack/test-run.ts sets the backends' addresses.
        underNpmTest: Boolean(process.env.PROST_TEST_DATA_DIR),
        // The bot token of a stack named by PROST_E2E_URL, for the Mini App spec (else it is skipped).
        telegramBotToken: process.env.PROST_E2E_TELEGRAM_BOT_TOKEN ?? '',
      },
    },
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 9 * 60_000,
    // One Chromium at a time on a small machine; the tests inside a file run in order.
    fileParallelism: false,
  },
})
