import react from '@vitejs/plugin-react'
import { project } from '../vitest.shared.js'

// Component and unit tests in jsdom; the browser tests are the separate web-e2e project (e2e/vitest.config.ts).
export default project({
  plugins: [react()],
  test: {
    name: 'web',
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test/setup.ts'],
  },
})
