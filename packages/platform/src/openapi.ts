/** OpenAPI document from the route schemas (@fastify/swagger) and its UI under /docs. */
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { BEARER_SCHEME } from './route-schemas.js'

export interface OpenApiOptions {
  title: string
  description?: string
  /** Where the UI lives, e.g. /api/events/docs behind the ingress. */
  routePrefix?: string
}

export const openapi = fp<OpenApiOptions>(
  async function openapi(fastify: FastifyInstance, options) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: options.title, description: options.description, version: '0.0.0' },
        components: {
          securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
    })
    await fastify.register(swaggerUi, { routePrefix: options.routePrefix ?? '/docs', logLevel: 'warn' })
  },
  { name: 'openapi', fastify: '5.x' },
)
