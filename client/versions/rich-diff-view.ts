import { html, nothing, type TemplateResult } from 'lit'
import { isSafeHref } from '../../shared/richtext/schema.js'
import type { RichBlock, RichRun } from '../../shared/rich-diff.js'

/**
 * A formatted word-level diff (shared/rich-diff.ts) as the narrative reads: paragraphs,
 * sub-headings, bulleted and numbered lists (nested by depth), bold, italic and links, with
 * insertions and deletions marked in place.
 */
export function richDiffView(blocks: readonly RichBlock[]): TemplateResult {
  return html`<div class="diff-text">${groups(blocks).map(groupView)}</div>`
}

/** Consecutive list items of one kind and depth form one list; anything else stands alone. */
type Group = { list: 'bullet' | 'ordered'; depth: number; items: RichBlock[] } | { block: RichBlock }

function groups(blocks: readonly RichBlock[]): Group[] {
  const result: Group[] = []
  for (const block of blocks) {
    const last = result.at(-1)
    if (block.type === 'bullet' || block.type === 'ordered') {
      if (last && 'list' in last && last.list === block.type && last.depth === block.depth) last.items.push(block)
      else result.push({ list: block.type, depth: block.depth, items: [block] })
    } else {
      result.push({ block })
    }
  }
  return result
}

const indent = (depth: number) => (depth > 1 ? `margin-left: ${(depth - 1) * 1.5}rem` : nothing)

function groupView(group: Group): TemplateResult {
  if ('list' in group) {
    const items = group.items.map((item) => html`<li>${item.runs.map(runView)}</li>`)
    return group.list === 'bullet' ? html`<ul style=${indent(group.depth)}>${items}</ul>` : html`<ol style=${indent(group.depth)}>${items}</ol>`
  }
  const { block } = group
  const runs = block.runs.map(runView)
  // A paragraph continuing a list item sits at the item's indentation.
  const style = block.depth > 0 ? `margin-left: ${block.depth * 1.5}rem` : nothing
  if (block.type === 'heading3') return html`<h3 style=${style}>${runs}</h3>`
  if (block.type === 'heading4') return html`<h4 style=${style}>${runs}</h4>`
  return html`<p style=${style}>${runs}</p>`
}

function runView(run: RichRun): TemplateResult {
  let content: TemplateResult = html`${run.text}`
  if (run.em) content = html`<em>${content}</em>`
  if (run.strong) content = html`<strong>${content}</strong>`
  // Only the schema's safe links become links; any other href is shown as text only.
  if (run.href !== undefined && isSafeHref(run.href)) content = html`<a href=${run.href} rel="noopener noreferrer nofollow" target="_blank">${content}</a>`
  if (run.op === 'insert') return html`<ins data-diff-insert>${content}</ins>`
  if (run.op === 'delete') return html`<del data-diff-delete>${content}</del>`
  return content
}
