/** The built SPA (web/dist) as static files; unknown paths get the shell so client-side routes load. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import Fastify from 'fastify'
import fastifyStatic from '@fastify/static'

export async function serveSpa(dist: string, port: number, host = '127.0.0.1') {
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: build the SPA first (npx turbo run build)`)
  const web = Fastify({ logger: false })
  // Hashed assets never change under their name; the shell must be revalidated so a new build is picked up.
  await web.register(fastifyStatic, {
    root: dist,
    maxAge: '1h',
    setHeaders: (res, file) => {
      if (file.endsWith('index.html')) res.setHeader('cache-control', 'no-cache')
      else if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable')
    },
  })
  web.setNotFoundHandler((_request, reply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html'))
  await web.listen({ host, port })
  return web
}
