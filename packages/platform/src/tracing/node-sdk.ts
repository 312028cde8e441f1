/**
 * The OpenTelemetry Node SDK as Prost runs it, configured by the standard `OTEL_*` variables only
 * (endpoint, service name, sampler, batch sizes). Spans leave through the SDK's BatchSpanProcessor:
 * ending a span only appends it to a bounded in-memory queue (OTEL_BSP_MAX_QUEUE_SIZE, 2048 by
 * default; spans beyond it are dropped) and exports run in the background with their own timeout,
 * so a collector that is down or slow never blocks or fails a request.
 *
 * Redis commands are not spans. The kit's client pipelines automatically (redis.ts): the commands
 * of one event-loop turn are sent together from a callback that runs in the context of whichever
 * request queued the first of them, so the ioredis instrumentation hung every request's commands
 * in that turn on one request's trace (a cached read's trace held 40 Redis spans of 20 other
 * requests, and theirs none). Their time is inside the request's span; a Redis that slows down shows
 * there and in its own metrics. Dropping them also halves the spans of a cached read.
 *
 * RabbitMQ is traced by the kit itself (amqp.ts + message-tracing.ts), not by the contrib amqplib
 * instrumentation: amqp-connection-manager queues publishes and sends them from whichever call
 * started its publish loop, so the instrumentation would inject the wrong caller's context into a
 * message whenever two publishes overlap, and it overwrites the `traceparent` header the kit sets.
 */
import { register } from 'node:module'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb'
import { FastifyOtelInstrumentation } from '@fastify/otel'

/** Probes and scrapes, hit every second by the ingress and kubelet: no trace is worth keeping. */
const PLUMBING_PATH = /\/(healthz|readyz|livez|metrics)(\?|$)/

export function startTracing(env: NodeJS.ProcessEnv) {
  // Instrumentations patch modules as they load; ESM imports reach them through this loader hook.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url)
  // Traces only: metrics stay with Prometheus and logs with pino, unless the operator asks otherwise.
  // (The SDK reads these from process.env, which `env` is.)
  env.OTEL_METRICS_EXPORTER ??= 'none'
  env.OTEL_LOGS_EXPORTER ??= 'none'
  const sdk = new NodeSDK({
    instrumentations: [
      // Outgoing calls only (telegraf's Bot API client, node:http): @fastify/otel makes the server span
      // of each request itself, continuing the caller's traceparent. A second, http-level server span
      // per request doubled the cost of a cached read and said nothing more.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      new UndiciInstrumentation(),
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // The route's span only: a child span per kit hook (CORS, helmet, auth, rate limit, …) would
        // be a dozen spans per request, most of them microseconds long, and cost more than the
        // request itself (bench/tracing-overhead.ts). MongoDB calls inside are still spans.
        instrumentHooks: false,
        instrumentHandler: false,
        // "GET /api/events/:id" rather than "request" in the trace list.
        requestHook: (span, request) =>
          span.updateName(`${request.method} ${request.routeOptions.url ?? request.url}`),
        ignorePaths: (route) => PLUMBING_PATH.test(route.url),
      }),
    ],
  })
  sdk.start()
  return sdk
}
