/**
 * The frame around every page: header with navigation, language switch and account. Inside Telegram
 * (Mini App) the account is the Telegram user's and opening the app signs in again, so there is no
 * "Log out" (their name shows instead), and the Telegram page is where reminders are switched on.
 */
import { useState } from 'react'
import { Link, NavLink, Outlet, useNavigate } from 'react-router'
import type { Language } from '@prost/contracts'
import { useQueryClient } from '@tanstack/react-query'
import { auth } from '../api/prost'
import { getSession, setSession } from '../api/session'
import { useSession } from '../api/use-session'
import { useI18n } from '../i18n/i18n'
import { isInsideTelegram } from '../telegram/detect'

export function Layout() {
  const { t, language, setLanguage } = useI18n()
  const session = useSession()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [insideTelegram] = useState(() => isInsideTelegram())

  const logout = async () => {
    const current = getSession()
    setSession(null)
    queryClient.clear()
    if (current) await auth.logout(current.refreshToken).catch(() => undefined)
    navigate('/')
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span aria-hidden="true">🍻</span> Prost
          </Link>
          <nav aria-label={t('nav.main')} className="nav">
            <NavLink to="/" end>
              {t('nav.browse')}
            </NavLink>
            {session && <NavLink to="/me/events">{t('nav.mine')}</NavLink>}
            <NavLink to="/new" className="nav-cta">
              {t('nav.new')}
            </NavLink>
            {session && (
              <NavLink to="/telegram">{insideTelegram ? t('nav.reminders') : t('nav.telegram')}</NavLink>
            )}
            {session && insideTelegram ? (
              <span className="nav-user">{session.user.displayName}</span>
            ) : session ? (
              <button type="button" className="link-button" onClick={logout} title={session.user.displayName}>
                {t('nav.logout')}
              </button>
            ) : (
              <NavLink to="/login">{t('nav.login')}</NavLink>
            )}
            <label className="lang">
              <span className="visually-hidden">{t('nav.language')}</span>
              <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
                <option value="en">EN</option>
                <option value="ru">RU</option>
              </select>
            </label>
          </nav>
        </div>
      </header>
      <div id="main">
        <Outlet />
      </div>
      <footer className="site-footer">{t('app.tagline')}</footer>
    </>
  )
}
