/** The driver's side of the worker processes. */
import { fork, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { DriverMessage, EditorSpec, WorkerMessage } from './protocol.js'

type Reply<T extends WorkerMessage['type']> = Extract<WorkerMessage, { type: T }>

export class Worker {
  private waiting: { type: string; resolve: (m: WorkerMessage) => void; reject: (e: Error) => void }[] = []

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'error') {
        const error = new Error(`worker ${child.pid}: ${message.message}`)
        for (const w of this.waiting.splice(0)) w.reject(error)
        return
      }
      const index = this.waiting.findIndex((w) => w.type === message.type)
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message)
    })
    child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`worker ${child.pid} exited (${code})`))
    })
  }

  send(message: DriverMessage): void {
    this.child.send(message)
  }

  ask<T extends WorkerMessage['type']>(message: DriverMessage, answer: T, timeoutMs = 120_000): Promise<Reply<T>> {
    return new Promise((resolveReply, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${this.child.pid}: no ${answer} within ${timeoutMs} ms`)), timeoutMs)
      this.waiting.push({
        type: answer,
        resolve: (m) => {
          clearTimeout(timer)
          resolveReply(m as Reply<T>)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.child.send(message)
    })
  }
}

export class Pool {
  private constructor(readonly workers: Worker[]) {}

  /** `profileDir`: workers run under `--cpu-prof` too. */
  static start(count: number, profileDir?: string): Pool {
    const script = resolve(import.meta.dirname, 'worker.ts')
    const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]
    return new Pool(Array.from({ length: count }, () => new Worker(fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))))
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!)
  }

  /** Spreads editors round-robin so that each sheet's editors sit in different processes. */
  async init(syncBases: string[], token: string | null, editors: EditorSpec[], seed = 1): Promise<void> {
    const parts = this.workers.map(() => [] as EditorSpec[])
    editors.forEach((e, i) => parts[i % parts.length]!.push(e))
    const endpoints = Object.fromEntries(editors.map((e) => [e.key, e.endpoint]))
    await Promise.all(this.workers.map((w, i) => w.ask({ type: 'init', syncBases, token, editors: parts[i]!, endpoints, seed: seed * 1000 + i * 100_000 }, 'ready', 180_000)))
  }

  broadcast(message: DriverMessage): void {
    for (const w of this.workers) w.send(message)
  }

  all<T extends WorkerMessage['type']>(message: DriverMessage, answer: T, timeoutMs?: number): Promise<Reply<T>[]> {
    return Promise.all(this.workers.map((w) => w.ask(message, answer, timeoutMs)))
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null) return
        const exited = new Promise((r) => w.child.once('exit', r))
        w.send({ type: 'exit' })
        const timer = setTimeout(() => w.child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }),
    )
  }
}
