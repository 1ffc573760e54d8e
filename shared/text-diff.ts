/** A run of a word-level diff. */
export interface DiffRun {
  op: 'equal' | 'insert' | 'delete'
  text: string
}

/** Above this many token pairs the diff falls back to whole paragraphs (keeps memory bounded). */
const MAX_CELLS = 4_000_000

/**
 * Word-level differences from `before` to `after` (longest common subsequence over words and the
 * spaces between them), as runs to highlight in place: deletions and insertions among equal text.
 *
 * @example wordDiff('a b c', 'a x c') // [{equal 'a '}, {delete 'b'}, {insert 'x'}, {equal ' c'}]
 */
export function wordDiff(before: string, after: string): DiffRun[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }]
  const a = tokens(before)
  const b = tokens(after)
  if (a.length * b.length > MAX_CELLS) return coarse(before, after)
  const { lengths, width } = lcsLengths(a, b)
  const runs: DiffRun[] = []
  const push = (op: DiffRun['op'], text: string) => {
    const last = runs.at(-1)
    if (last?.op === op) last.text += text
    else runs.push({ op, text })
  }
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('equal', a[i]!)
      i++
      j++
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      push('delete', a[i++]!)
    } else {
      push('insert', b[j++]!)
    }
  }
  while (i < a.length) push('delete', a[i++]!)
  while (j < b.length) push('insert', b[j++]!)
  return runs
}

function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== '')
}

/** Paragraph-level diff for very long texts. */
function coarse(before: string, after: string): DiffRun[] {
  const a = new Set(before.split('\n'))
  const b = new Set(after.split('\n'))
  const runs: DiffRun[] = []
  for (const line of before.split('\n')) runs.push({ op: b.has(line) ? 'equal' : 'delete', text: line + '\n' })
  for (const line of after.split('\n')) if (!a.has(line)) runs.push({ op: 'insert', text: line + '\n' })
  return runs
}

/** The longest common subsequence of two short lists (row ids), for telling moved rows apart. */
export function longestCommonSubsequence<T>(a: readonly T[], b: readonly T[]): T[] {
  const { lengths, width } = lcsLengths(a, b)
  const common: T[] = []
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common.push(a[i]!)
      i++
      j++
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++
    else j++
  }
  return common
}

/** lengths[i * width + j] = length of the LCS of a[i..] and b[j..], in one flat array. */
function lcsLengths<T>(a: readonly T[], b: readonly T[]): { lengths: Uint32Array; width: number } {
  const width = b.length + 1
  const lengths = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!)
    }
  }
  return { lengths, width }
}
