import { describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import pino from 'pino'
import { loggerOptions } from './logger.js'

function capture(options: pino.LoggerOptions) {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const { transport: _transport, ...rest } = options
  return { logger: pino(rest, stream), lines }
}

describe('loggerOptions', () => {
  it('pretty-prints locally and writes JSON in dev and prod', () => {
    expect(loggerOptions({ APP_ENV: 'local', LOG_LEVEL: 'info' }, 'events').transport).toMatchObject({
      target: 'pino-pretty',
    })
    for (const env of ['dev', 'prod']) {
      expect(loggerOptions({ APP_ENV: env, LOG_LEVEL: 'info' }, 'events').transport).toBeUndefined()
    }
  })

  it('redacts tokens, passwords and secrets, and names the service', () => {
    const { logger, lines } = capture(loggerOptions({ APP_ENV: 'prod', LOG_LEVEL: 'info' }, 'accounts'))
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        body: { password: 'pa55word', email: 'a@b.c' },
        config: { JWT_SECRET: 'x'.repeat(40) },
      },
      'hello',
    )
    const line = JSON.parse(lines[0]!)
    expect(line.service).toBe('accounts')
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(JSON.stringify(line)).not.toContain('abc.def.ghi')
    expect(JSON.stringify(line)).not.toContain('pa55word')
    expect(JSON.stringify(line)).not.toContain('x'.repeat(40))
    expect(line.body.email).toBe('a@b.c')
  })
})
