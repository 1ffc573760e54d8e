import { parseHTML } from 'linkedom'
import { DOMParser as ProseMirrorDOMParser } from 'prosemirror-model'
import { richTextSchema, type ProseMirrorJSON } from '../../shared/richtext/schema.js'

const parser = ProseMirrorDOMParser.fromSchema(richTextSchema)

/**
 * An HTML fragment (as Word exports it, or as our own JSON export renders narratives) parsed into
 * a ProseMirror document of the narrative schema. The server has no DOM; linkedom provides one so
 * that the schema's own `parseDOM` rules decide what is kept, exactly as in the browser.
 * Loose text becomes paragraphs; anything the schema has no place for is reduced to its text.
 *
 * @example htmlToRichText('<p><b>Plan C&amp;I:</b> si</p>') // {type: 'doc', content: [{type: 'paragraph', …}]}
 */
export function htmlToRichText(html: string): ProseMirrorJSON {
  const { document } = parseHTML(`<!doctype html><html><body><div id="root">${html}</div></body></html>`)
  const root = document.getElementById('root')
  if (!root) return { type: 'doc', content: [{ type: 'paragraph' }] }
  return parser.parse(root as unknown as Node).toJSON() as ProseMirrorJSON
}

