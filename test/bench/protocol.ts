/** Messages between the benchmark driver and its worker processes (IPC). */

export interface EditorSpec {
  /** Unique over the run; the key of the editor's marks. */
  key: string
  sheet: string
  /** Which of the target's sync endpoints it connects to (several server processes: `--cluster`). */
  endpoint: number
}

export type DriverMessage =
  /** `endpoints`: every editor's endpoint by key, this worker's and the others' (to tell deliveries across processes apart). */
  | { type: 'init'; syncBases: string[]; token: string | null; editors: EditorSpec[]; endpoints: Record<string, number>; seed: number }
  | { type: 'run'; rate: number }
  | { type: 'measure'; on: boolean }
  | { type: 'stop' }
  | { type: 'reset' }
  | { type: 'collect'; latencies: boolean; fingerprints: boolean }
  | { type: 'verify'; sheets: string[] }
  | { type: 'exit' }

export interface EditorReport {
  key: string
  sheet: string
  marks: Record<string, number>
  fingerprint: string
  connected: boolean
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'stopped'; sent: Record<string, number>; measuredSent: number }
  /** `crossLatencies`: those of `latencies` from an editor on another server process (several processes only). */
  | { type: 'collected'; editors: EditorReport[]; latencies: number[]; crossLatencies: number[]; cpu: NodeJS.CpuUsage }
  | { type: 'verified'; fingerprints: Record<string, string> }
  | { type: 'error'; message: string }
