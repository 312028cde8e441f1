/**
 * Language choice and the `t` function: the signed-in user's profile language first, else the one
 * remembered in this browser once switched, else the browser's language.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Language } from '@prost/contracts'
import { en, ru, type Dictionary, type MessageKey } from './dictionary'
import { onSignIn, profileLanguage, saveProfileLanguage } from './profile-language'

const dictionaries: Record<Language, Dictionary> = { en, ru }
const STORAGE_KEY = 'prost.language'

export function detectLanguage(): Language {
  const profile = profileLanguage()
  if (profile) return profile
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'ru') return saved
  const preferred = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']
  return preferred.some((l) => l.toLowerCase().startsWith('ru')) ? 'ru' : 'en'
}

type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const text = dictionaries[language][key] ?? en[key]
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text
}

interface I18n {
  language: Language
  locale: string
  setLanguage: (language: Language) => void
  t: Translate
  /** Plural forms by Intl.PluralRules: `tp('participants', 3)` reads participants.few in Russian. */
  tp: (base: 'participants', n: number) => string
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => initial ?? detectLanguage())
  const setLanguage = useCallback((next: Language) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, next)
    setLanguageState(next)
    // A failed save keeps the switch for this visit; the profile keeps its old language until the next one.
    saveProfileLanguage(next).catch(() => undefined)
  }, [])
  // Signing in starts in the profile's language (set at sign-up, changed by switching while signed in).
  useEffect(
    () =>
      onSignIn((profile) => {
        globalThis.localStorage?.setItem(STORAGE_KEY, profile)
        setLanguageState(profile)
      }),
    [],
  )
  useEffect(() => {
    document.documentElement.lang = language
  }, [language])
  const value = useMemo<I18n>(() => {
    const plural = new Intl.PluralRules(language)
    const t: Translate = (key, params) => translate(language, key, params)
    return {
      language,
      locale: language === 'ru' ? 'ru-RU' : 'en-GB',
      setLanguage,
      t,
      tp: (base, n) => {
        const form = plural.select(n) as 'one' | 'few' | 'many' | 'other'
        const key = `${base}.${['one', 'few', 'many'].includes(form) ? form : 'other'}` as MessageKey
        return t(key, { n })
      },
    }
  }, [language, setLanguage])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}
