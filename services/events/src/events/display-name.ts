/**
 * Guest display names within one event. A guest proves nothing but the token they hold, so two
 * people called "Anna" would be indistinguishable on the board: a guest name that another
 * participant already uses (ignoring case, accents and surrounding spaces) is refused.
 */
import { HttpProblem } from '@prost/platform'

/** "  Ánna  " → "anna": the form two names are compared in. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim()
}

export function assertNameFree(participants: readonly { name: string }[], name: string) {
  const key = nameKey(name)
  if (participants.some((p) => nameKey(p.name) === key)) {
    throw new HttpProblem(
      'already-exists',
      `Someone in this event is already called “${name.trim()}”; pick another name`,
      {
        errors: [{ path: '/body/displayName', message: 'is already taken in this event' }],
      },
    )
  }
}
