/**
 * Prints the JavaScript a first visit to the browse page downloads (entry chunk, the browse route
 * chunk and everything they import statically), gzipped, and fails the build above the budget.
 * Reads ./dist, or the build folder given as the first argument.
 */
import console from 'node:console'
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { URL, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 200
const dist = process.argv[2]
  ? pathToFileURL(`${process.argv[2].replace(/\/$/, '')}/`)
  : new URL('./dist/', import.meta.url)
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'))

const files = new Set()
function take(key) {
  const chunk = manifest[key]
  if (!chunk || files.has(chunk.file)) return
  files.add(chunk.file)
  for (const next of chunk.imports ?? []) take(next)
}
take('index.html')
take('src/pages/BrowsePage.tsx')

let total = 0
for (const file of [...files].filter((f) => f.endsWith('.js')))
  total += gzipSync(readFileSync(new URL(file, dist))).length
const kb = total / 1024
console.log(
  `browse page initial JS: ${kb.toFixed(1)} KB gzip in ${files.size} chunks (budget ${BUDGET_KB} KB)`,
)
if (kb > BUDGET_KB) {
  console.error(`over the ${BUDGET_KB} KB budget`)
  process.exit(1)
}
