export * from './ballot.js'
export * from './board.js'
export * from './live.js'
export * from './board-view.js'
