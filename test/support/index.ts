export * from './backends.js'
export * from './private-servers.js'
export * from './fake-telegram.js'
export * from './ingress-stack.js'
