/** Real Chromium (Debian's) through playwright-core, plus axe and screenshot helpers for the specs. */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 900 }

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('e2e').chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/**
 * A page in a fresh browser context on the stack: desktop size, British English unless `options` say
 * otherwise, and 45 s for every wait (the shared machine is often busy, and live updates travel
 * events → RabbitMQ → voting → WebSocket).
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: inject('baseUrl'),
    viewport: DESKTOP,
    locale: 'en-GB',
    ...options,
  })
  context.setDefaultTimeout(45_000)
  return context.newPage()
}

/** Serious or critical axe violations, summarised so a failure says what and where. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    )
}

/** Full-page screenshots at desktop and phone width. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const before = page.viewportSize() ?? DESKTOP
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size)
    await page.evaluate(() => window.scrollTo(0, 0))
    // The page has taken the new width and the top, and painted it (two frames after the resize).
    await page.waitForFunction((width) => window.innerWidth === width && window.scrollY === 0, size.width)
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${label}.png`, fullPage: true })
  }
  await page.setViewportSize(before)
}
