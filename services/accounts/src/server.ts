/** Runs the accounts service as its own process. */
import { runService } from '@prost/platform'
import { accountsService } from './app.js'

await runService(accountsService)
