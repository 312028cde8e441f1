/**
 * The SPA as a Telegram Mini App (loaded lazily, only inside Telegram; see detect.ts): signs in with
 * the launch data Telegram signed (no login form), opens the event named by `startapp`, follows
 * Telegram's theme, and drives Telegram's BackButton on inner pages. Pages render once sign-in has
 * settled, so their first requests already carry the Telegram user's session.
 *
 * No MainButton: the one action a guest takes, voting, saves each tap on its own (use-my-ballot),
 * so a "Save" button at the bottom would do nothing; Telegram's guidelines keep it for a page's
 * single main action.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { backButton, init, on, postEvent } from '@telegram-apps/sdk-react'
import { auth } from '../api/prost'
import { getSession, setSession } from '../api/session'
import { PageLoading } from '../components/feedback'
import { useI18n } from '../i18n/i18n'
import { readLaunchParams } from './launch-params'
import { routeForStartParam } from './start-param'
import { applyTelegramTheme, type TelegramThemeParams } from './theme'

type Phase = 'starting' | 'ready' | 'failed'

/** Each call to Telegram may be missing in an old client; a missing one must not stop the app. */
const attempt = (step: () => void) => {
  try {
    step()
  } catch {
    // e.g. MethodUnsupportedError on Telegram clients older than the method
  }
}

/** Signs in unless this browser already holds the session of the same Telegram user. */
async function signIn(rawInitData: string | undefined, telegramUserId: number | undefined) {
  const current = getSession()
  if (current && telegramUserId !== undefined && current.user.telegram?.id === telegramUserId) return
  if (!rawInitData) throw new Error('Telegram gave no initData')
  setSession(await auth.telegramWebApp({ initData: rawInitData }))
}

export default function MiniAppGate({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const location = useLocation()
  const [phase, setPhase] = useState<Phase>('starting')
  const started = useRef(false)

  useEffect(() => {
    // StrictMode runs effects twice in development; sign in once per page.
    if (started.current) return
    started.current = true
    const data = readLaunchParams()
    if (!data) {
      setPhase('failed')
      return
    }
    applyTelegramTheme(data.theme)
    // The SDK refuses launch data of old clients (see launch-params.ts): sign-in and the theme above
    // still work then, only BackButton and live theme changes are missing.
    attempt(() => void init())
    let offTheme = () => {}
    attempt(() => {
      offTheme = on('theme_changed', ({ theme_params }) =>
        applyTelegramTheme(theme_params as TelegramThemeParams),
      )
    })
    attempt(() => backButton.mount())
    // Tells Telegram to drop its placeholder and show the page.
    attempt(() => postEvent('web_app_ready'))
    // A Mini App opened from a chat starts half-height; the vote grid needs the room.
    attempt(() => postEvent('web_app_expand'))
    const target = routeForStartParam(data.startParam)
    signIn(data.rawInitData, data.telegramUserId)
      .then(() => {
        // Only on the first load: after a reload inside the Mini App the reader stays where they were.
        if (target && location.pathname === '/') navigate(target, { replace: true })
        setPhase('ready')
      })
      .catch(() => setPhase('failed'))
    return () => {
      offTheme()
    }
    // Launch handling runs once per page; the location read is the one the app opened with.
  }, [])

  // Telegram's own back button replaces a browser one: shown on every page but the start page.
  const inner = location.pathname !== '/'
  useEffect(() => {
    // Unavailable when the SDK could not start (an old client) or the client has no BackButton.
    if (phase === 'starting' || !backButton.onClick.isAvailable() || !backButton.isMounted()) return
    if (!inner) {
      attempt(() => backButton.hide())
      return
    }
    // The first page of the Mini App has no history to go back to: go to the start page then.
    const back = () => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/'))
    let off: (() => void) | undefined
    attempt(() => {
      backButton.show()
      off = backButton.onClick(back)
    })
    return () => off?.()
  }, [inner, navigate, phase])

  if (phase === 'starting') return <PageLoading />
  return (
    <>
      {phase === 'failed' && (
        <div className="error-box" role="alert">
          <p>{t('miniapp.signInFailed')}</p>
        </div>
      )}
      {children}
    </>
  )
}
