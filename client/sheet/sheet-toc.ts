/**
 * `<ficha-sheet-toc>`: the sticky table of contents, sections in paper order, the one being read
 * marked `aria-current`. The current section is the last one whose heading has passed the top
 * third of the window, checked at most once per frame while scrolling.
 */
import { LitElement, html, nothing } from 'lit'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import type { Lang } from '../i18n/lang.js'
import { t } from '../i18n/sheet-messages.js'
import { StoreController, type FollowUpStore } from '../follow-up/follow-up-store.js'

export class FichaSheetToc extends LitElement {
  static override properties = {
    lang: { attribute: false },
    followUp: { attribute: false },
    current: { state: true },
  }

  declare lang: Lang
  declare followUp: FollowUpStore | null
  declare current: string
  private frame: number | null = null
  /** The section last picked in the list, until the person scrolls by themselves. */
  private chosen: string | null = null

  constructor() {
    super()
    this.lang = 'es'
    this.current = SHEET_SECTIONS[0].id
    this.followUp = null
    new StoreController(this, () => this.followUp)
  }

  protected override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('scroll', this.onScroll, { passive: true })
    window.addEventListener('resize', this.onScroll, { passive: true })
    for (const type of ['wheel', 'touchstart', 'keydown'] as const) window.addEventListener(type, this.release, { passive: true })
    this.onScroll()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('scroll', this.onScroll)
    window.removeEventListener('resize', this.onScroll)
    for (const type of ['wheel', 'touchstart', 'keydown'] as const) window.removeEventListener(type, this.release)
    if (this.frame !== null) cancelAnimationFrame(this.frame)
  }

  protected override render() {
    const counts = this.followUp?.openBySection() ?? new Map<string, number>()
    return html`<nav class="ficha-toc" aria-label=${t(this.lang, 'toc.label')}>
      <ol>${SHEET_SECTIONS.map((s) => {
        const open = counts.get(s.id) ?? 0
        return html`<li><a href="#section-${s.id}" data-section=${s.id} @click=${() => this.choose(s.id)}
        aria-current=${this.current === s.id ? 'location' : nothing}>${s.label[this.lang]}${open > 0
          ? html` <span class="ficha-toc__threads" data-toc-threads=${s.id} title=${t(this.lang, 'toc.threads', { n: open })}
              aria-label=${t(this.lang, 'toc.threads', { n: open })}>${open}</span>` : nothing}</a></li>`
      })}</ol>
    </nav>`
  }

  private choose(id: string): void {
    this.chosen = id
    this.current = id
  }

  private release = (event: Event) => {
    // Enter on a link of this list is the choice itself, not the person scrolling away from it.
    if (event instanceof KeyboardEvent && this.contains(event.target as Node)) return
    this.chosen = null
  }

  private onScroll = () => {
    if (this.frame !== null) return
    this.frame = requestAnimationFrame(() => {
      this.frame = null
      const line = window.innerHeight / 3
      let current: string = SHEET_SECTIONS[0].id
      for (const section of SHEET_SECTIONS) {
        const el = document.getElementById(`section-${section.id}`)
        if (el && el.getBoundingClientRect().top <= line) current = section.id
      }
      // A section chosen in the list stays marked even when, near the end, it cannot reach the line.
      if (this.chosen) current = this.chosen
      if (current !== this.current) this.current = current
    })
  }
}

customElements.define('ficha-sheet-toc', FichaSheetToc)
