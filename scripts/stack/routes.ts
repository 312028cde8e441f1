/** The ingress route table (routes.json), typed. */
import { readFileSync } from 'node:fs'

export interface ServiceRoute {
  name: string
  port: number
  command: string
  prefixes: string[]
  health: string
  websocket?: boolean
}

export interface RouteTable {
  services: ServiceRoute[]
  workers: { name: string; port: number; command: string }[]
  web: { name: string; port: number; prefixes: string[] }
  /** HAProxy lines that answer 404 for service-to-service paths (/internal/) before any routing. */
  internalPathRules: { haproxy: string[] }
}

export const routes = JSON.parse(
  readFileSync(new URL('./routes.json', import.meta.url), 'utf8'),
) as RouteTable
