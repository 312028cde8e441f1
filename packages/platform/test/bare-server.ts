/** A kit server on the default config with no metrics and no logs: for one plugin or route under test alone. */
import { BaseConfigSchema, loadConfig } from '../src/config.js'
import { createServer } from '../src/server.js'

export const bareServer = (name: string) =>
  createServer({ name, config: loadConfig(BaseConfigSchema, {}), metrics: false, logger: false })
