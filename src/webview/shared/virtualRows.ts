/**
 * A virtualized list of fixed-height rows: only the rows on screen (plus a margin) exist in the DOM, and only
 * blocks of rows near the screen are asked for, so 100k+ records scroll smoothly. Row elements are reused.
 */
import type { DatasetRow } from '../../protocol';

export const BLOCK = 100;
const OVERSCAN = 10;
const KEEP_BLOCKS = 60;

export interface VirtualRowsOptions {
  rowHeight: number;
  /** Ask for rows [start, start + count); answer later with `receive`. */
  fetch(start: number, count: number): void;
  /** Fill a row element: `row` is undefined while the row is loading. */
  render(element: HTMLElement, line: number, row: DatasetRow | undefined): void;
}

export class VirtualRows {
  private count = 0;
  private readonly cache = new Map<number, DatasetRow>();
  private readonly requested = new Set<number>();
  private readonly elements = new Map<number, HTMLElement>();
  private frame = 0;

  constructor(private readonly viewport: HTMLElement, private readonly spacer: HTMLElement, private readonly options: VirtualRowsOptions) {
    viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(viewport);
  }

  setCount(count: number): void {
    this.count = count;
    this.spacer.style.height = `${count * this.options.rowHeight}px`;
    this.schedule();
  }

  /** Forgets every loaded row (after a save) and asks again for those on screen. */
  invalidate(): void {
    this.cache.clear();
    this.requested.clear();
    this.schedule();
  }

  receive(rows: DatasetRow[]): void {
    for (const row of rows) this.cache.set(row.line, row);
    this.evictFarBlocks();
    this.schedule();
  }

  row(line: number): DatasetRow | undefined {
    return this.cache.get(line);
  }

  /** Scrolls so `line` is visible (centered when it was off screen). */
  reveal(line: number): void {
    const { rowHeight } = this.options;
    const top = line * rowHeight;
    const view = this.viewport;
    if (top < view.scrollTop || top + rowHeight > view.scrollTop + view.clientHeight) {
      view.scrollTop = Math.max(0, top - view.clientHeight / 2);
    }
    this.schedule();
  }

  /** Re-renders the rows on screen (e.g. after the selection or an edit changed). */
  refresh(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { rowHeight } = this.options;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(this.count, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / rowHeight) + OVERSCAN);
    for (let block = Math.floor(first / BLOCK) * BLOCK; block < last; block += BLOCK) {
      if (!this.requested.has(block)) {
        this.requested.add(block);
        this.options.fetch(block, Math.min(BLOCK, this.count - block));
      }
    }
    for (const [line, element] of this.elements) {
      if (line < first || line >= last) {
        element.remove();
        this.elements.delete(line);
      }
    }
    for (let line = first; line < last; line++) {
      let element = this.elements.get(line);
      if (!element) {
        element = document.createElement('div');
        element.className = 'row';
        element.setAttribute('role', 'row');
        element.style.top = `${line * rowHeight}px`;
        element.style.height = `${rowHeight}px`;
        element.dataset.line = String(line);
        this.spacer.append(element);
        this.elements.set(line, element);
      }
      this.options.render(element, line, this.cache.get(line));
    }
  }

  /** Keeps memory flat while scrolling through a huge file: drops blocks far from the screen. */
  private evictFarBlocks(): void {
    if (this.requested.size <= KEEP_BLOCKS) return;
    const center = Math.floor(this.viewport.scrollTop / this.options.rowHeight);
    const far = [...this.requested].sort((a, b) => Math.abs(b - center) - Math.abs(a - center)).slice(0, this.requested.size - KEEP_BLOCKS);
    for (const block of far) {
      this.requested.delete(block);
      for (let line = block; line < block + BLOCK; line++) this.cache.delete(line);
    }
  }
}
