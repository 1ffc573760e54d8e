import { spawn } from 'node:child_process'
import { createServer } from 'vite'

// `npm run dev`: the API server restarting on changes (tsx watch) and vite serving the client with
// live reload, proxying /api and /sync to the server (see vite.config.ts).

const server = spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], { stdio: 'inherit', env: process.env })
const vite = await createServer()
await vite.listen()
vite.printUrls()

const stop = async () => {
  server.kill('SIGTERM')
  await vite.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
