/**
 * Password hashing with scrypt (node:crypto). The stored form names its parameters
 * (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without breaking old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const COST = { N: 2 ** 15, r: 8, p: 1 } // 32 MiB and ~0.1 s per hash on a small core
const KEY_LENGTH = 64
const SALT_BYTES = 16
const MAX_MEMORY = 256 * 1024 * 1024

function derive(
  password: string,
  salt: Buffer,
  options: ScryptOptions,
  keyLength = KEY_LENGTH,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFKC so the same passphrase typed on different keyboards/OSes hashes the same.
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$')
}

interface ParsedHash {
  options: ScryptOptions
  salt: Buffer
  key: Buffer
}

function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return undefined
  const options = { N: Number(n), r: Number(r), p: Number(p) }
  if (!Object.values(options).every((v) => Number.isSafeInteger(v) && v > 0)) return undefined
  const parsed = { options, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
  return parsed.key.length >= 16 && parsed.salt.length >= 8 ? parsed : undefined
}

/** Hash of a random password, made once: checked against when there is no account, to spend the same time. */
let decoyHash: Promise<string> | undefined
const decoy = () => (decoyHash ??= hashPassword(randomBytes(32).toString('hex')))

/**
 * True when `password` matches `stored`. Without a stored hash (unknown account) the same scrypt
 * work is done against a decoy and the answer is false, so timing does not tell accounts apart.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = parseHash(stored ?? (await decoy()))
  if (!parsed) {
    await verifyPassword(password, undefined) // a corrupt hash must not answer faster either
    return false
  }
  const key = await derive(password, parsed.salt, parsed.options, parsed.key.length)
  return stored !== undefined && timingSafeEqual(key, parsed.key)
}
