import { describe, expect, it } from 'vitest'
import {
  AmqpConfigSchema,
  AuthConfigSchema,
  BaseConfigSchema,
  ConfigError,
  MongoConfigSchema,
  composeConfigSchema,
  publicUrls,
  loadConfig,
} from './config.js'

const schema = composeConfigSchema(BaseConfigSchema, MongoConfigSchema, AmqpConfigSchema, AuthConfigSchema)

describe('loadConfig', () => {
  it('fills local defaults so a laptop needs no variables', () => {
    const config = loadConfig(schema, {})
    expect(config.APP_ENV).toBe('local')
    expect(config.PORT).toBe(3000)
    expect(config.MONGODB_URL).toMatch(/^mongodb:\/\//)
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('names every missing required variable outside local', () => {
    const error = captureError(() => loadConfig(schema, { APP_ENV: 'prod' }))
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toContain('MONGODB_URL is required')
  })

  it('names a variable with a bad value and coerces numbers', () => {
    const error = captureError(() => loadConfig(schema, { PORT: 'eighty' }))
    expect(error.message).toContain('PORT')
    expect(loadConfig(schema, { PORT: '8081' }).PORT).toBe(8081)
  })

  it('refuses a short JWT secret without repeating it', () => {
    const error = captureError(() => loadConfig(schema, { JWT_SECRET: 'hunter2' }))
    expect(error.message).toContain('JWT_SECRET')
    expect(error.message).not.toContain('hunter2')
  })

  it('refuses an unknown APP_ENV', () => {
    expect(() => loadConfig(schema, { APP_ENV: 'staging' })).toThrow(/APP_ENV/)
  })
})

function captureError(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('publicUrls', () => {
  it('splits the comma-separated origins, trims them and names the first as primary', () => {
    expect(publicUrls({ PUBLIC_URL: ' https://prost.example/ , http://localhost:5173' })).toEqual({
      primary: 'https://prost.example',
      origins: ['https://prost.example', 'http://localhost:5173'],
    })
  })
})
