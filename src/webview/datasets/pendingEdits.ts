/**
 * The dataset panel's unsaved edits, pinned to the version of the file they were made against: each edit keeps
 * the hash of the line it was made on, so after the file changes (or the window reloads) it follows its line,
 * and one whose line changed or vanished becomes a conflict instead of being applied by number.
 */
import type { DatasetEdit } from '../../protocol';
import type { DatasetEditConflict, DatasetPanelState } from './datasetPanelMessages';

export class PendingEdits {
  private readonly edits = new Map<number, { text: string | null; hash: string }>();
  conflicts: DatasetEditConflict[] = [];

  constructor(public version: string) {}

  get size(): number {
    return this.edits.size;
  }

  has(line: number): boolean {
    return this.edits.has(line);
  }

  /** The pending text of a line: a string, null (deleted) or undefined (no edit). */
  text(line: number): string | null | undefined {
    return this.edits.get(line)?.text;
  }

  /** `hash` is the line's hash as read (DatasetRow.hash); a second edit of the line keeps the first one's. */
  set(line: number, text: string | null, hash: string): void {
    this.edits.set(line, { text, hash: this.edits.get(line)?.hash ?? hash });
  }

  delete(line: number): void {
    this.edits.delete(line);
  }

  clear(version = this.version): void {
    this.edits.clear();
    this.conflicts = [];
    this.version = version;
  }

  list(): DatasetEdit[] {
    return [...this.edits].map(([line, e]) => ({ line, text: e.text, hash: e.hash }));
  }

  /** The restored state's edits: kept when they were made against `version`, else to be relocated (see `moved`). */
  restore(state: DatasetPanelState): DatasetEdit[] {
    this.conflicts = state.conflicts ?? [];
    const anchored = state.edits.filter((e) => typeof e.hash === 'string');
    // The state of an older panel has no hashes: nothing to find those edits' lines by.
    for (const e of state.edits) if (typeof e.hash !== 'string') this.conflicts.push({ line: e.line, text: e.text });
    if (state.version !== this.version) return anchored;
    for (const e of anchored) this.edits.set(e.line, { text: e.text, hash: e.hash });
    return [];
  }

  /** Applies a relocation of `edits` into `version`: `lines[i]` is edit i's line now, or null (a conflict). */
  moved(version: string, edits: DatasetEdit[], lines: Array<number | null>): { kept: number; conflicts: number } {
    this.edits.clear();
    this.version = version;
    let kept = 0;
    edits.forEach((e, i) => {
      const line = lines[i];
      if (line === null || line === undefined) this.conflicts.push({ line: e.line, text: e.text });
      else {
        this.edits.set(line, { text: e.text, hash: e.hash });
        kept++;
      }
    });
    return { kept, conflicts: edits.length - kept };
  }

  state(uri: string, selected: number): DatasetPanelState {
    return { uri, selected, version: this.version, edits: this.list(), conflicts: this.conflicts };
  }
}
