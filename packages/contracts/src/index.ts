export * from './common/problem.js'
export * from './common/ids.js'
export * from './health/health.js'
export * from './messages/envelope.js'
