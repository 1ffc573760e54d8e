export type DiffOp = 'equal' | 'insert' | 'delete'

/**
 * The edit script from `a` to `b` (longest common subsequence of their keys): each step keeps
 * `a[index]` (equal), drops it (delete) or adds `b[index]` (insert), in reading order, deletions
 * before insertions where both happen at one place. Quadratic: callers bound the sizes.
 *
 * @example editScript(['a', 'b', 'c'], ['a', 'x', 'c']) // equal 0, delete 1, insert 1, equal 2
 */
export function editScript<T>(a: readonly T[], b: readonly T[]): { op: DiffOp; index: number }[] {
  const { lengths, width } = lcsLengths(a, b)
  const steps: { op: DiffOp; index: number }[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      steps.push({ op: 'equal', index: i })
      i++
      j++
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      steps.push({ op: 'delete', index: i++ })
    } else {
      steps.push({ op: 'insert', index: j++ })
    }
  }
  while (i < a.length) steps.push({ op: 'delete', index: i++ })
  while (j < b.length) steps.push({ op: 'insert', index: j++ })
  return steps
}

/** The longest common subsequence of two short lists (row ids), for telling moved rows apart. */
export function longestCommonSubsequence<T>(a: readonly T[], b: readonly T[]): T[] {
  return editScript(a, b).filter((step) => step.op === 'equal').map((step) => a[step.index]!)
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
