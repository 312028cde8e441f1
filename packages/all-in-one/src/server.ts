/** Runs all four services in one process on PORT (default 3000). */
import { BaseConfigSchema, createServer, listenWithGrace, loadConfigOrExit } from '@prost/platform'
import { mountAll } from './app.js'

const config = loadConfigOrExit('all-in-one', BaseConfigSchema)
const app = await createServer({ name: 'all-in-one', config, docsPrefix: '/api/docs' })
await mountAll(app, process.env)
await listenWithGrace(app, config)
