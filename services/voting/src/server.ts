/** Runs the voting service as its own process. */
import { runService } from '@prost/platform'
import { votingService } from './app.js'

await runService(votingService)
