/**
 * `node --import tsx test/bench/profile-summary.ts FILE.cpuprofile [N]`: self time by function
 * (and by file) of a V8 CPU profile, for reading `--profile` output without a browser.
 */
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
const [file, limit = '30'] = process.argv.slice(2)
const profile = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] }
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...self.values()].reduce((a, b) => a + b, 0)
const byFn = new Map<string, number>()
const byFile = new Map<string, number>()
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0
  const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/main\//, '')
  const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`
  byFn.set(fn, (byFn.get(fn) ?? 0) + us)
  const pkg = where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/') || node.callFrame.functionName
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us)
}
const show = (m: Map<string, number>, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n')
console.log(`total ${(total / 1000).toFixed(0)} ms\n\nby function:\n${show(byFn, Number(limit))}\n\nby package/file:\n${show(byFile, 20)}`)
