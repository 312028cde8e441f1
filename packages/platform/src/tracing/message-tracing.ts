/**
 * Trace context on RabbitMQ messages: a PRODUCER span around each publish whose context goes into
 * the message headers (W3C `traceparent`), and a CONSUMER span around each handler, parented by
 * those headers, so events → notifications → worker, and events → voting's read model, are one trace.
 */
import { SpanKind, type Attributes } from '@opentelemetry/api'
import type { ConsumeMessage } from 'amqplib'
import { contextFromCarrier, injectTraceContext } from './trace-carrier.js'
import { inSpan } from './prost-tracer.js'

const messageAttributes = (
  exchange: string,
  routingKey: string,
  messageId: string | undefined,
): Attributes => ({
  'messaging.system': 'rabbitmq',
  'messaging.destination.name': exchange,
  'messaging.rabbitmq.destination.routing_key': routingKey,
  ...(messageId ? { 'messaging.message.id': messageId } : {}),
})

/** Runs a publish in a PRODUCER span; `send` gets the headers to put on the message. */
export function tracedPublish<T>(
  target: { exchange: string; routingKey: string; messageId?: string },
  send: (headers: Record<string, unknown>) => Promise<T>,
) {
  return inSpan(
    `${target.routingKey} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...messageAttributes(target.exchange, target.routingKey, target.messageId),
        'messaging.operation.type': 'send',
      },
    },
    async () => {
      const headers: Record<string, unknown> = {}
      // Injected inside the span, so the consumer's span is its child.
      injectTraceContext(headers)
      return send(headers)
    },
  )
}

/** Runs a message's handler in a CONSUMER span continuing the publisher's trace. */
export function tracedConsume<T>(queue: string, message: ConsumeMessage, handle: () => Promise<T>) {
  return inSpan(
    `${queue} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromCarrier(message.properties.headers),
      attributes: {
        ...messageAttributes(
          message.fields.exchange,
          message.fields.routingKey,
          message.properties.messageId as string | undefined,
        ),
        'messaging.destination.subscription.name': queue,
        'messaging.operation.type': 'process',
      },
    },
    handle,
  )
}
