/**
 * Where keyboard focus goes when rows come and go: into the first input of a new row, and after a
 * removal to the next row's remove button (else the previous one, else the add button), so that a
 * keyboard user is never dropped at the top of the page.
 */
import type { LitElement } from 'lit'

/** Focus the first editable thing of the row element matching `rowSelector`, once it has rendered. */
export async function focusNewRow(host: LitElement, rowSelector: string): Promise<void> {
  await host.updateComplete
  const row = host.querySelector(rowSelector)
  if (!row) return
  // Children (value fields, editors) render in their own update after the host's.
  const children = [...row.querySelectorAll('*')].filter((el): el is LitElement => 'updateComplete' in el)
  await Promise.all(children.map((child) => child.updateComplete))
  await new Promise((resolve) => requestAnimationFrame(resolve))
  row.querySelector<HTMLElement>('input, select, [contenteditable="true"]')?.focus()
}

/** Before removing the row at `index` of `buttons`, pick where focus should land afterwards. */
export function focusAfterRemoval(buttons: HTMLElement[], index: number, fallback: HTMLElement | null): void {
  const target = buttons[index + 1] ?? buttons[index - 1] ?? fallback
  requestAnimationFrame(() => target?.focus())
}
