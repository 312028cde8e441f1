/** The test kit: one way to build a service on the real stack, sign tokens and name test resources. */
export * from './backends.js'
export * from './tokens.js'
export * from './build-service.js'
export * from './metric-value.js'
