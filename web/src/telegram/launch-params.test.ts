import { afterEach, describe, expect, it } from 'vitest'
import { parseLaunchParams, readLaunchParams, STORAGE_KEY } from './launch-params'

const initData =
  'user=%7B%22id%22%3A42%2C%22first_name%22%3A%22Ann%22%7D&auth_date=1700000000&hash=' + 'c'.repeat(64)
const hash = `#${new URLSearchParams({
  tgWebAppData: initData,
  tgWebAppVersion: '8.0',
  tgWebAppPlatform: 'ios',
  tgWebAppStartParam: '65f0c0ffee0000000000abcd',
  tgWebAppThemeParams: '{"bg_color":"#ffffff"}',
})}`

afterEach(() => {
  sessionStorage.clear()
  window.location.hash = ''
})

describe('launch parameters', () => {
  it('keeps initData byte for byte and reads the user, start parameter and theme', () => {
    expect(parseLaunchParams(hash)).toEqual({
      rawInitData: initData,
      telegramUserId: 42,
      startParam: '65f0c0ffee0000000000abcd',
      theme: { bg_color: '#ffffff' },
    })
  })

  it('is null outside Telegram and survives broken JSON', () => {
    expect(parseLaunchParams('#comments')).toBeNull()
    expect(parseLaunchParams('#tgWebAppPlatform=web&tgWebAppThemeParams=%7Bnope')).toEqual({
      rawInitData: undefined,
      telegramUserId: undefined,
      startParam: undefined,
      theme: {},
    })
  })

  it('remembers them for a reload after the router replaced the hash', () => {
    window.location.hash = hash
    expect(readLaunchParams()?.telegramUserId).toBe(42)
    window.location.hash = ''
    expect(sessionStorage.getItem(STORAGE_KEY)).toBeTruthy()
    expect(readLaunchParams()?.rawInitData).toBe(initData)
  })
})
