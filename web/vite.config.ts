import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// In `vite dev` the API is reached through the local ingress started by `npm start`.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } } },
  build: { sourcemap: true, manifest: true },
})
