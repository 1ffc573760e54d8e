/** The other process of `hops` (see hops.ts): reads the stream as the fan-out does and times each entry's way from its `XADD`. */
import { createClient } from 'redis'
import { summarise } from './bench.js'
import { nowMs } from './edits.js'

const [url, count] = process.argv.slice(2) as [string, string]
const client = createClient({ url })
await client.connect()
const hops: number[] = []
let after = '$'
process.send!('reading')
while (hops.length < Number(count)) {
  const reply = (await client.sendCommand(['XREAD', 'COUNT', '500', 'BLOCK', '1000', 'STREAMS', 'ficha:doc:HOPS', after])) as [string, [string, string[]][]][] | null
  const at = nowMs()
  for (const [, entries] of reply ?? [])
    for (const [id, fields] of entries) {
      after = id
      hops.push(at - Number(fields[fields.indexOf('t') + 1]))
    }
}
process.send!(summarise(hops.slice(0, Number(count))), undefined, {}, () => process.exit(0))
