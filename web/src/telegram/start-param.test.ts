import { describe, expect, it } from 'vitest'
import { routeForStartParam } from './start-param'
import { isInsideTelegram } from './detect'

describe('routeForStartParam (startapp=<eventId>)', () => {
  it('opens the event an event id names', () => {
    expect(routeForStartParam('65f0c0ffee0000000000abcd')).toBe('/events/65f0c0ffee0000000000abcd')
    expect(routeForStartParam('65F0C0FFEE0000000000ABCD')).toBe('/events/65f0c0ffee0000000000abcd')
  })

  it('opens the start page for nothing or anything else', () => {
    for (const value of [
      undefined,
      null,
      '',
      'debug',
      '65f0c0ffee',
      '65f0c0ffee0000000000abcdz',
      '../admin',
      'x'.repeat(512),
    ]) {
      expect(routeForStartParam(value), String(value)).toBeNull()
    }
  })
})

describe('isInsideTelegram', () => {
  const fakeWindow = (hash: string, stored: string | null = null, search = '') =>
    ({
      location: { hash, search },
      sessionStorage: { getItem: (key: string) => (key === 'tapps/launchParams' ? stored : null) },
    }) as unknown as Window

  it('is true with Telegram launch parameters in the hash, or kept by the SDK after navigation', () => {
    expect(
      isInsideTelegram(fakeWindow('#tgWebAppData=query_id%3D1&tgWebAppVersion=8.0&tgWebAppPlatform=ios')),
    ).toBe(true)
    expect(isInsideTelegram(fakeWindow('#tgWebAppPlatform=tdesktop'))).toBe(true)
    expect(isInsideTelegram(fakeWindow('', '"tgWebAppData=…"'))).toBe(true)
  })

  it('is false for a normal visit', () => {
    expect(isInsideTelegram(fakeWindow(''))).toBe(false)
    expect(isInsideTelegram(fakeWindow('#comments'))).toBe(false)
    expect(isInsideTelegram(fakeWindow('#notTgWebAppData=1'))).toBe(false)
  })
})
