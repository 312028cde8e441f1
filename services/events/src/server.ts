/** Runs the events service as its own process. */
import { runService } from '@prost/platform'
import { eventsService } from './app.js'

await runService(eventsService)
