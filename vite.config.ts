import { defineConfig } from 'vite'

const api = `http://127.0.0.1:${process.env.PORT ?? 8787}`

// The client lives in client/, is built to dist/client/ (served by the Hono server), and in
// `npm run dev` is served by vite with the API and the sync socket proxied to the server.
export default defineConfig({
  root: 'client',
  // client/public/sw.js is copied to the root of the build: a service worker's scope is its own path.
  publicDir: 'public',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    port: Number(process.env.CLIENT_PORT ?? 5173),
    proxy: {
      '/api': api,
      '/sync': { target: api.replace('http', 'ws'), ws: true },
    },
  },
})
