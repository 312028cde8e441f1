import { describe, expect, it } from 'vitest'
import { canonicalTimeZone, cleanDisplayName, normalizeEmail } from './profile-fields.js'

describe('profile fields', () => {
  it('canonicalises IANA zones and refuses unknown zones and offsets', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined()
    expect(canonicalTimeZone('+01:00')).toBeUndefined()
  })

  it('tidies display names and emails', () => {
    expect(cleanDisplayName('  Ada   Lovelace \n')).toBe('Ada Lovelace')
    expect(normalizeEmail(' Ada@Example.COM ')).toBe('ada@example.com')
  })
})
