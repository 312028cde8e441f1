/**
 * The bare route: a constant JSON answer on the same server kit the services use (createServer and
 * listenWithGrace, as runService starts a service), run as its own process behind the bench ingress
 * (bench/ingress-stack.ts). It is the baseline for "vs bare route" rows: what the ingress hop, the
 * process boundary and the kit's hooks cost with no work behind them.
 */
import { BaseConfigSchema, createServer, listenWithGrace, loadConfigOrExit } from '@prost/platform'

const config = loadConfigOrExit('bare', BaseConfigSchema)
const app = await createServer({ name: 'bare', config, docsPrefix: '/bare/docs' })
const body = { id: '64b000000000000000000001', title: 'Constant', status: 'polling' }
app.get('/bare', async () => body)
await listenWithGrace(app, config)
