export * from './backends.js'
export * from './private-servers.js'
