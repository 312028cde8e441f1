/** What the accounts domain functions need from the app, as a narrow type so they are testable without HTTP. */
import type { FastifyInstance } from 'fastify'

export type AccountsContext = Pick<
  FastifyInstance,
  'usersRepository' | 'refreshTokens' | 'loginThrottle' | 'signAccessToken' | 'accountsSettings' | 'log'
>
