/**
 * The local Jaeger serves a built Jaeger UI when there is one (PROST_JAEGER_UI_DIR, or the cache
 * folder scripts/stack/jaeger.ts names), and its placeholder page otherwise; the query API answers
 * either way. A stand-in index.html here: the point is which folder Jaeger serves, not the UI itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { jaegerAvailable, startTestJaeger } from '@prost/test-support'
import type { Jaeger } from '../../scripts/stack/jaeger.js'

const MARKER = 'prost-jaeger-ui-assets-test'
let jaeger: Jaeger | undefined
const savedUiDir = process.env.PROST_JAEGER_UI_DIR

afterEach(async () => {
  await jaeger?.stop()
  jaeger = undefined
  if (savedUiDir === undefined) delete process.env.PROST_JAEGER_UI_DIR
  else process.env.PROST_JAEGER_UI_DIR = savedUiDir
})

async function page(url: string) {
  const res = await fetch(url)
  return { status: res.status, body: await res.text() }
}

describe.skipIf(!jaegerAvailable())('the local Jaeger UI', () => {
  it('is served from PROST_JAEGER_UI_DIR when it holds a built UI, for every UI route', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'prost-jaeger-ui-'))
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>${MARKER}</title>`)
    process.env.PROST_JAEGER_UI_DIR = dir
    jaeger = await startTestJaeger()
    expect(jaeger.uiAssets).toBe(dir)
    for (const route of ['/', '/search'])
      expect(await page(`${jaeger.url}${route}`)).toMatchObject({
        status: 200,
        body: expect.stringContaining(MARKER),
      })
    expect((await fetch(`${jaeger.url}/api/services`)).status).toBe(200)
  })

  it('falls back to Jaeger’s placeholder when the folder has no index.html', async () => {
    process.env.PROST_JAEGER_UI_DIR = mkdtempSync(path.join(tmpdir(), 'prost-jaeger-ui-empty-'))
    jaeger = await startTestJaeger()
    expect(jaeger.uiAssets).toBeUndefined()
    const { status, body } = await page(`${jaeger.url}/`)
    expect(status).toBe(200)
    expect(body).not.toContain(MARKER)
    expect((await fetch(`${jaeger.url}/api/services`)).status).toBe(200)
  })
})
