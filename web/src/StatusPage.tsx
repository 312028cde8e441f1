/** The landing page until the full SPA lands: says hello and whether each service is pouring. */
import { useEffect, useState } from 'react'
import type { Liveness } from '@prost/contracts'

const SERVICES = [
  { name: 'accounts', path: '/api/auth/healthz' },
  { name: 'events', path: '/api/events/healthz' },
  { name: 'voting', path: '/api/votes/healthz' },
  { name: 'notifications', path: '/api/notifications/healthz' },
]

type State = 'checking' | 'up' | 'down'

export function StatusPage() {
  const [states, setStates] = useState<Record<string, State>>({})

  useEffect(() => {
    for (const service of SERVICES) {
      fetch(service.path)
        .then(async (res) => ((await res.json()) as Liveness).status === 'ok')
        .catch(() => false)
        .then((up) => setStates((s) => ({ ...s, [service.name]: up ? 'up' : 'down' })))
    }
  }, [])

  return (
    <main>
      <h1>Prost 🍻</h1>
      <p className="lead">Agree on when and where to meet. The beer is optional; the friends are not.</p>
      <h2>Taps</h2>
      <ul className="taps">
        {SERVICES.map((service) => {
          const state = states[service.name] ?? 'checking'
          return (
            <li key={service.name} data-state={state}>
              <span>{service.name}</span>
              <strong>{state === 'up' ? 'pouring' : state === 'down' ? 'dry' : 'checking…'}</strong>
            </li>
          )
        })}
      </ul>
    </main>
  )
}
