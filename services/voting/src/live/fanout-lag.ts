/**
 * Board fan-out lag: from the replica that took a ballot publishing the change to another replica
 * receiving it over Redis pub/sub (before it rebuilds the board for its sockets). Across pods, so
 * it includes their clock difference (NTP keeps that to milliseconds).
 */
import { appHistogram } from '@prost/platform'

export const boardFanoutLagSeconds = appHistogram({
  name: 'prost_board_fanout_lag_seconds',
  help: 'Time from a board change being published by one voting replica to another replica receiving it (Redis pub/sub)',
  labelNames: [],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
})

/** Observes one received change; a message without a send time (an older replica) is not counted. */
export function recordFanoutReceived(sentAtMs: unknown, nowMs = Date.now()) {
  if (typeof sentAtMs !== 'number' || !Number.isFinite(sentAtMs)) return
  boardFanoutLagSeconds.observe(Math.max(0, (nowMs - sentAtMs) / 1000))
}
