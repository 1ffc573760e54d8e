import type { Context } from 'hono'
import { invalidJson } from '../errors.js'

/** The request body as JSON, or a 400 `invalid_json`. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    throw invalidJson()
  }
}
