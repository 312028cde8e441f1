// scripts/stack/routes.json, the single route table, and docker/haproxy.cfg read back as routes.
import { readRepoFile } from './repo.js'

interface RoutedProcess {
  name: string
  port: number
  command?: string
  prefixes?: string[]
  websocket?: boolean
}

export interface RouteTable {
  services: RoutedProcess[]
  workers: RoutedProcess[]
  web: RoutedProcess
  internalPathRules: { haproxy: string[] }
}

export const routeTable = (): RouteTable =>
  JSON.parse(readRepoFile('scripts/stack/routes.json')) as RouteTable

/** Every process the platform runs: services, workers and the web server. */
export function routedProcesses(): RoutedProcess[] {
  const table = routeTable()
  return [...table.services, ...table.workers, table.web]
}

/** prefix -> process name, for every public prefix in routes.json. */
export function publicPrefixes(): Map<string, string> {
  const prefixes = new Map<string, string>()
  for (const process of routedProcesses()) {
    for (const prefix of process.prefixes ?? []) prefixes.set(prefix, process.name)
  }
  return prefixes
}

export interface HaproxyRoutes {
  /** prefix -> backend name */
  prefixes: Map<string, string>
  defaultBackend: string | undefined
  /** backend name -> server port */
  ports: Map<string, number>
  /** backend name -> `option httpchk` path */
  healthChecks: Map<string, string>
  timeouts: Map<string, string>
}

/** Reads the routing of docker/haproxy.cfg: `use_backend X if { path_beg /a } || { path_beg /b }`. */
export function parseHaproxyConfig(text: string): HaproxyRoutes {
  const routes: HaproxyRoutes = {
    prefixes: new Map(),
    defaultBackend: undefined,
    ports: new Map(),
    healthChecks: new Map(),
    timeouts: new Map(),
  }
  let section = ''
  let sectionName = ''
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim()
    if (!line) continue
    const header = /^(global|defaults|frontend|backend|resolvers|listen)\b\s*(\S*)/.exec(line)
    if (header && !rawLine.startsWith(' ') && !rawLine.startsWith('\t')) {
      section = header[1]!
      sectionName = header[2] ?? ''
      continue
    }
    if (section === 'defaults') {
      const timeout = /^timeout\s+(\S+)\s+(\S+)/.exec(line)
      if (timeout) routes.timeouts.set(timeout[1]!, timeout[2]!)
    }
    if (section === 'frontend') {
      const use = /^use_backend\s+(\S+)\s+if\s+(.*)$/.exec(line)
      if (use) {
        for (const condition of use[2]!.matchAll(/\{\s*path_beg\s+([^}]+?)\s*\}/g)) {
          for (const prefix of condition[1]!.split(/\s+/)) routes.prefixes.set(prefix, use[1]!)
        }
      }
      const fallback = /^default_backend\s+(\S+)/.exec(line)
      if (fallback && sectionName === 'public') routes.defaultBackend = fallback[1]
    }
    if (section === 'backend') {
      const server = /^server\s+\S+\s+[^:\s]+:(\d+)/.exec(line)
      if (server) routes.ports.set(sectionName, Number(server[1]))
      const check = /^option\s+httpchk\s+(?:GET\s+)?(\S+)/.exec(line)
      if (check) routes.healthChecks.set(sectionName, check[1]!)
    }
  }
  return routes
}
