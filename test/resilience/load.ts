/** A small closed-loop HTTP load for the fault tests: N workers, each request's outcome recorded. */
export interface Outcome {
  at: number
  label: string
  status: number
  error?: string
}

export interface Load {
  outcomes: Outcome[]
  stop: () => Promise<Outcome[]>
}

export type Step = (worker: number, i: number) => Promise<{ label: string; status: number }>

/** Runs `step` in `workers` loops until stopped; network errors count as status 0. */
export function startLoad(workers: number, step: Step): Load {
  const outcomes: Outcome[] = []
  let running = true
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; running; i++) {
      try {
        const { label, status } = await step(w, i)
        outcomes.push({ at: Date.now(), label, status })
      } catch (error) {
        outcomes.push({ at: Date.now(), label: 'network', status: 0, error: (error as Error).message })
      }
    }
  })
  return {
    outcomes,
    stop: async () => {
      running = false
      await Promise.all(loops)
      return outcomes
    },
  }
}

export const summarize = (outcomes: Outcome[]) => {
  const byStatus: Record<string, number> = {}
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1
  return byStatus
}
