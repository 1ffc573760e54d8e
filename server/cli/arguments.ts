import { parseArgs, type ParseArgsConfig } from 'node:util'

/**
 * A command's arguments, parsed strictly. A mistake in them (an unknown option, a missing value)
 * is the person's, not the program's: it prints what is wrong and the usage, and exits 2, instead
 * of a stack trace.
 */
export function commandArguments<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`)
    process.exit(2)
  }
}
