/**
 * A signed-in user's language lives in their profile, because the bot writes to them in it; a
 * guest's stays in this browser. Switching saves it to the profile; signing in adopts the profile's.
 */
import type { Language } from '@prost/contracts'
import { auth, notifications } from '../api/prost'
import { getSession, onSessionChange, setSession } from '../api/session'

/** The signed-in user's profile language, or null for a guest. */
export function profileLanguage(): Language | null {
  return getSession()?.user.language ?? null
}

let saving: Promise<void> = Promise.resolve()

/**
 * PATCHes the profile when signed in and it differs, and tells the notifications service (the bot
 * writes in it); the stored session's copy of the user follows. Saves run one after another, each
 * comparing with what the one before stored, so a quick RU → EN switch ends in EN.
 */
export function saveProfileLanguage(language: Language): Promise<void> {
  const next = saving.catch(() => undefined).then(() => saveNow(language))
  saving = next
  return next
}

async function saveNow(language: Language) {
  const session = getSession()
  if (!session || session.user.language === language) return
  const user = await auth.updateProfile({ language })
  // Best effort: the profile holds the choice; the bot's copy is refreshed by the next switch.
  await notifications.setLanguage(language).catch(() => undefined)
  const current = getSession()
  // Only if the same user is still signed in: a log-out or another sign-in meanwhile wins.
  if (current && current.user.id === user.id) setSession({ ...current, user })
}

/** Calls `adopt` with the profile's language whenever a different user signs in. */
export function onSignIn(adopt: (language: Language) => void): () => void {
  let userId = getSession()?.user.id ?? null
  return onSessionChange((session) => {
    const next = session?.user.id ?? null
    // Token refreshes re-store the same user: those must not undo a switch made in this tab.
    if (session && next !== userId) adopt(session.user.language)
    userId = next
  })
}
