/** The `#conflicts` list of the dataset panel: edits whose line changed or vanished on disk, each to redo or drop. */
import type { DatasetEditConflict, DatasetPanelStrings } from './datasetPanelMessages';

export interface ConflictActions {
  go(conflict: DatasetEditConflict): void;
  redo(conflict: DatasetEditConflict): void;
  drop(conflict: DatasetEditConflict): void;
}

const format = (template: string, ...values: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));

export function drawConflicts(section: HTMLElement, conflicts: DatasetEditConflict[], strings: DatasetPanelStrings, actions: ConflictActions): void {
  section.hidden = conflicts.length === 0;
  section.dataset.count = String(conflicts.length);
  const summary = document.createElement('p');
  summary.id = 'conflicts-summary';
  summary.dir = 'auto';
  summary.textContent = format(strings.conflicts, conflicts.length);
  const list = document.createElement('ol');
  list.replaceChildren(...conflicts.map((conflict) => {
    const item = document.createElement('li');
    item.className = 'conflict';
    item.dataset.line = String(conflict.line);
    const button = (className: string, label: string, action: (c: DatasetEditConflict) => void) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = className;
      b.textContent = label;
      b.addEventListener('click', () => action(conflict));
      return b;
    };
    const text = document.createElement('span');
    text.className = 'conflict-text';
    text.dir = 'auto';
    text.textContent = conflict.text ?? strings.conflictDelete;
    item.append(button('conflict-go', format(strings.conflictLine, conflict.line + 1), actions.go), text,
      button('conflict-redo', strings.redo, actions.redo), button('conflict-drop', strings.drop, actions.drop));
    return item;
  }));
  section.replaceChildren(summary, list);
}
