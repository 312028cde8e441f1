import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords.js'

describe('passwords', () => {
  it('verifies the password it hashed and refuses others', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false)
  })

  it('salts every hash and never contains the password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')])
    expect(a).not.toBe(b)
    expect(a).not.toContain('same password')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
  })

  it('treats a passphrase the same in composed and decomposed Unicode', async () => {
    const stored = await hashPassword('Bier für alle')
    expect(await verifyPassword('Bier fu\u0308r alle', stored)).toBe(true)
  })

  it('answers false without an account or with a corrupt hash, after doing the same hashing work', async () => {
    const stored = await hashPassword('known password')
    await verifyPassword('warm-up', undefined) // the decoy hash is made once, on first use
    const time = async (run: () => Promise<boolean>) => {
      const started = performance.now()
      expect(await run()).toBe(false)
      return performance.now() - started
    }
    const known = await time(() => verifyPassword('wrong', stored))
    const unknown = await time(() => verifyPassword('wrong', undefined))
    const corrupt = await time(() => verifyPassword('wrong', 'scrypt$1$2$3$bad'))
    // Generous bound (machines are noisy); the point is that no branch skips scrypt.
    expect(unknown).toBeGreaterThan(known * 0.3)
    expect(corrupt).toBeGreaterThan(known * 0.3)
  })
})
