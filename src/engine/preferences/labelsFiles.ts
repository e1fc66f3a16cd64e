/**
 * The files of human preference review, on disk: the labels journal (appended one fsynced line at a time, so a
 * crash loses at most the line being written) and the export (written atomically). Shared by the extension
 * host and `alw prefs`.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { journalLine, readJournal, type JournalEntry, type JournalRead } from '../../core/preferences/labelsJournal';
import { writeFileAtomic } from '../shared/atomicWrite';

/** Where a dataset's labels go: `<workspace>/.alw/labels/<dataset file name without extension>.labels.jsonl`. */
export function labelsJournalPath(workspaceRoot: string, datasetFile: string): string {
  const name = path.basename(datasetFile).replace(/\.[^.]+$/, '');
  return path.join(workspaceRoot, '.alw', 'labels', `${name}.labels.jsonl`);
}

/** Where a judge report beside a dataset would be: `<name>.judge-report.jsonl`. */
export function besideJudgeReport(datasetFile: string): string {
  return path.join(path.dirname(datasetFile), `${path.basename(datasetFile).replace(/\.[^.]+$/, '')}.judge-report.jsonl`);
}

export function appendJournalEntry(journal: string, entry: JournalEntry): void {
  mkdirSync(path.dirname(journal), { recursive: true });
  const fd = openSync(journal, 'a');
  try {
    const bytes = Buffer.from(journalLine(entry), 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The journal's entries; a missing journal is an empty one. */
export function readJournalFile(journal: string): JournalRead {
  return existsSync(journal) ? readJournal(readFileSync(journal, 'utf8'), journal) : { entries: [], problems: [] };
}

export function writeJsonlAtomic(file: string, records: readonly unknown[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}
