/** pino options: pretty, colourful lines on a laptop; one JSON object per line in dev and prod. */
import type { LoggerOptions } from 'pino'
import { SECRET_KEYS } from './config.js'
import { traceLogFields } from './tracing/log-correlation.js'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-prost-internal-token"]',
  '*.initData',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS,
]

export function loggerOptions(
  config: { APP_ENV: string; LOG_LEVEL: string },
  service: string,
): LoggerOptions {
  const base: LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // trace_id/span_id of the active span (none when tracing is off), so a line leads to its trace.
    mixin: traceLogFields,
  }
  if (config.APP_ENV === 'local') {
    return {
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
      },
    }
  }
  return { ...base, timestamp: () => `,"time":"${new Date().toISOString()}"` }
}
