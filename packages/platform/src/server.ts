/**
 * The one place that calls Fastify(): logger, request ids, validation, errors, health, metrics,
 * OpenAPI, security headers and CORS. Services are plugins registered on top (see runService).
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { randomUUID } from 'node:crypto'
import closeWithGrace from 'close-with-grace'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Static, TObject } from '@sinclair/typebox'
import { loggerOptions } from './logger.js'
import { validatorCompiler } from './validation.js'
import { classify, problemDetails, sendProblem } from './problem-details.js'
import { parseJsonBody } from './json-body.js'
import { lingerOnUnreadBody, type DrainLimits } from './request-drain.js'
import { readiness } from './readiness.js'
import { healthRoutes } from './health-routes.js'
import { metrics } from './metrics.js'
import { openapi } from './openapi.js'
import { flushTraces } from './tracing/prost-tracer.js'
import { traceResponseHeader } from './tracing/trace-response.js'
import { ConfigError, loadConfig, publicUrls, type BaseConfigSchema } from './config.js'

export type BaseConfig = Static<typeof BaseConfigSchema>

export interface ServerOptions {
  /** Process name in logs and health answers: a service name, or e.g. "notifications-worker". */
  name: string
  config: BaseConfig
  /** Swagger UI location; defaults to /docs. */
  docsPrefix?: string
  /** Set false in unit tests that build many servers; keeps prom-client's registry clean. */
  metrics?: boolean
  /** Overrides the logger (tests pass false or a level). */
  logger?: boolean | { level: string }
  /** How much of a body answered before it arrived is read before the connection closes (tests shorten it). */
  drainLimits?: DrainLimits
}

export async function createServer(options: ServerOptions) {
  const { config } = options
  const app = Fastify({
    logger: options.logger === undefined ? loggerOptions(config, options.name) : options.logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Dependencies may answer slowly while a cluster (or a laptop) is busy starting up.
    pluginTimeout: 60_000,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Errors Fastify raises before routing (bad percent-encoding, over-long params) are problems too.
    frameworkErrors: (error, request, reply) => {
      const { kind, detail } = classify(error as FastifyError)
      void sendProblem(request, reply, kind, detail)
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody)

  app.setValidatorCompiler(validatorCompiler)
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    const traced = traceResponseHeader()
    if (traced) reply.header('traceresponse', traced)
    // While shutting down, tell keep-alive clients to reconnect (to another replica) so close() can finish.
    if (closing) reply.header('connection', 'close')
  })
  // 413s and early 401/404s must reach the client before the connection closes (see request-drain.ts).
  app.addHook('onSend', lingerOnUnreadBody(options.drainLimits))

  await app.register(problemDetails)
  await app.register(readiness)
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  })
  await app.register(cors, { origin: publicUrls(config).origins, credentials: true })
  if (options.metrics !== false) await app.register(metrics)
  await app.register(openapi, {
    title: `Prost ${options.name} API`,
    routePrefix: options.docsPrefix ?? '/docs',
  })
  await app.register(healthRoutes, { service: options.name })
  return app
}

export type ProstServer = Awaited<ReturnType<typeof createServer>>

export interface ServiceDefinition<S extends TObject> {
  name: string
  configSchema: S
  plugin: FastifyPluginAsync<{ config: Static<S> }>
  /** Public path prefix behind the ingress, e.g. /api/events. */
  publicPrefix: string
}

/**
 * Starts one service as its own process: validates config (exits with a message naming the bad
 * variable), listens, and closes gracefully on SIGINT/SIGTERM: stop accepting, finish in-flight
 * requests, drain consumers, close clients.
 */
export async function runService<S extends TObject>(definition: ServiceDefinition<S>, env = process.env) {
  const config = loadConfigOrExit(definition.name, definition.configSchema, env)
  const app = await createServer({
    name: definition.name,
    config,
    docsPrefix: `${definition.publicPrefix}/docs`,
  })
  await app.register(definition.plugin, { config })
  return listenWithGrace(app, config)
}

/** Loads config for a process entry point; on a bad environment prints the reason and exits 78. */
export function loadConfigOrExit<S extends TObject>(name: string, schema: S, env = process.env) {
  try {
    return loadConfig(schema, env) as Static<S> & BaseConfig
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`)
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
}

export async function listenWithGrace(app: FastifyInstance, config: BaseConfig) {
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_SECONDS * 1000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down gracefully')
    await app.close()
    // Spans of the last requests and messages are still in the batch queue: send them before exiting.
    await flushTraces()
  })
  await app.listen({ host: config.HOST, port: config.PORT })
  return app
}
