/**
 * Whether this page runs inside Telegram as a Mini App, decided without loading the Telegram SDK so
 * that normal visitors never download it (App.tsx loads the Mini App part only when this is true).
 *
 * Telegram opens a Mini App with its launch parameters in the URL hash (`#tgWebAppData=…&
 * tgWebAppVersion=…&tgWebAppPlatform=…`); the SDK keeps them in sessionStorage
 * (`tapps/launchParams`) because the SPA's router replaces the hash on the first navigation, and a
 * reload inside Telegram must still be recognised.
 */
import { STORAGE_KEY } from './launch-params'

const LAUNCH_PARAM = /(?:^|[#?&])tgWebApp(?:Data|Platform)=/
const SDK_STORAGE_KEY = 'tapps/launchParams'

export function isInsideTelegram(win: Window = window): boolean {
  try {
    if (LAUNCH_PARAM.test(win.location.hash) || LAUNCH_PARAM.test(win.location.search)) return true
    return Boolean(win.sessionStorage?.getItem(STORAGE_KEY) ?? win.sessionStorage?.getItem(SDK_STORAGE_KEY))
  } catch {
    // Storage can be off (privacy settings); then only the URL tells.
    return false
  }
}
