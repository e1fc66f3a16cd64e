/**
 * Finds pending edits' lines in the file as it is now, by the hash of the line each edit was made on: a line
 * that exactly one line of the file still hashes to has moved (or stayed) there; a line that none or several
 * lines hash to is a conflict, for the user to redo or drop — an edit is never applied by its old number.
 */
import type { RelocateDatasetEditsParams } from '../../protocol';
import type { DatasetIndex } from './datasetIndex';

const BATCH = 5000;

export async function relocateEdits(index: DatasetIndex, anchors: RelocateDatasetEditsParams['anchors']): Promise<Array<number | null>> {
  const wanted = new Map<string, number[]>(anchors.map((a) => [a.hash, []]));
  for (let start = 0; start < index.lines; start += BATCH) {
    for (const { line, hash } of await index.read(start, BATCH)) wanted.get(hash)?.push(line);
  }
  return anchors.map((a) => {
    const found = wanted.get(a.hash) ?? [];
    return found.length === 1 ? found[0] : null;
  });
}
