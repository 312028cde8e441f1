/** Runs the notifications service as its own process. */
import { runService } from '@prost/platform'
import { notificationsService } from './app.js'

await runService(notificationsService)
