import { defineConfig } from 'vite'

// The client lives in client/ and builds into dist/client, which the server
// serves. `npx vite` runs a dev server that forwards the API and the sync
// socket to a server on 127.0.0.1:8080 (`npm start`).
export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
})
