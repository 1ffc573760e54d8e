/** Values for `{name}` placeholders in a message. */
export type Params = Record<string, string | number>

/**
 * Fills `{name}` placeholders from `params`, leaving unknown ones as written (a message may
 * show a literal `{code, title}`: only a single word in braces is a placeholder).
 *
 * @example fillPlaceholders('{n} programas', { n: 3 }) // '3 programas'
 */
export function fillPlaceholders(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))
}
