/**
 * No dataset-panel save may lose a record, over JSON-RPC against the real engine: edits made against one version
 * of a file are refused after another writer changed it, even when rows, search, stats or the Datasets view made
 * the engine index it again; after a reload the edits follow their lines by hash, and one whose line changed is a
 * conflict. Also: a restored panel (a new engine process), a symlinked dataset and a read-only target.
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DATASET_CHANGED_ERROR, Methods } from '../../src/protocol';
import { EngineClient } from './engineClient';

const workspace = mkdtempSync(path.join(tmpdir(), 'alw-saves مجلد-'));
const record = (text: string) => JSON.stringify({ text });
const LINES = ['أول', 'ثاني', 'ثالث', 'رابع', 'خامس', 'سادس'].map(record);
let engine: EngineClient;

before(async () => {
  engine = await EngineClient.start(workspace, { runsDir: null });
});
after(async () => {
  await engine?.stop();
});

async function rowsOf(uri: string) {
  return engine.request(Methods.datasetRows, { uri, start: 0, count: 100 });
}

describe('dataset panel saves', () => {
  test('edit line 3, delete line 5, another writer inserts at the top, the panel reads again: the save is refused, then reload places both edits', async () => {
    const file = path.join(workspace, 'race.jsonl');
    writeFileSync(file, LINES.join('\n') + '\n');
    const opened = await engine.request(Methods.openDataset, { uri: file });
    const { rows } = await rowsOf(file);
    const edits = [{ line: 2, text: record('ثالث معدّل'), hash: rows[2].hash }, { line: 4, text: null, hash: rows[4].hash }];
    const outside = [record('جديد في الأعلى'), ...LINES].join('\n') + '\n';
    writeFileSync(file, outside);
    // Everything that used to re-index silently before the save.
    const again = await rowsOf(file);
    assert.notEqual(again.version, opened.version, 'rows say they come from another version');
    await engine.request(Methods.searchDataset, { uri: file, query: 'x', mode: 'plain' });
    await engine.request(Methods.datasetStats, { uri: file });
    await engine.request(Methods.listDatasets, {});
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version: opened.version, edits }),
      (e: Error & { code?: number }) => e.code === DATASET_CHANGED_ERROR && /changed on disk/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), outside, 'nothing written');
    // Edits at the old numbers but with the new version: each line's hash does not match, still refused.
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version: again.version, edits }), /not the one the edit was made on/);
    assert.equal(readFileSync(file, 'utf8'), outside);
    const moved = await engine.request(Methods.relocateDatasetEdits, { uri: file, anchors: edits });
    assert.deepEqual(moved.lines, [3, 5]);
    await engine.request(Methods.saveDataset, { uri: file, version: moved.dataset.version, edits: edits.map((e, i) => ({ ...e, line: moved.lines[i]! })) });
    assert.equal(readFileSync(file, 'utf8'), [record('جديد في الأعلى'), LINES[0], LINES[1], record('ثالث معدّل'), LINES[3], LINES[5]].join('\n') + '\n');
  });

  test('a line changed or gone on disk is a conflict (null), never applied by number', async () => {
    const file = path.join(workspace, 'conflict.jsonl');
    writeFileSync(file, LINES.join('\n') + '\n');
    await engine.request(Methods.openDataset, { uri: file });
    const { rows } = await rowsOf(file);
    writeFileSync(file, [LINES[0], record('ثاني بيد أخرى'), ...LINES.slice(2, 4), LINES[5]].join('\n') + '\n');
    const moved = await engine.request(Methods.relocateDatasetEdits, {
      uri: file, anchors: [{ line: 1, hash: rows[1].hash }, { line: 4, hash: rows[4].hash }, { line: 5, hash: rows[5].hash }],
    });
    assert.deepEqual(moved.lines, [null, null, 4]);
  });

  test('a restored panel (a new engine process): edits carrying an unchanged version save; after an outside change they are refused and relocated', async () => {
    const file = path.join(workspace, 'restored.jsonl');
    writeFileSync(file, LINES.join('\n') + '\n');
    const opened = await engine.request(Methods.openDataset, { uri: file });
    const { rows } = await rowsOf(file);
    const state = { version: opened.version, edits: [{ line: 0, text: record('أول معدّل'), hash: rows[0].hash }] };
    const second = await EngineClient.start(workspace, { runsDir: null });
    try {
      const reopened = await second.request(Methods.openDataset, { uri: file });
      assert.equal(reopened.version, state.version, 'the version is the same in another engine process');
      writeFileSync(file, [record('قبل'), ...LINES].join('\n') + '\n');
      await assert.rejects(second.request(Methods.saveDataset, { uri: file, ...state }), /changed on disk/);
      const moved = await second.request(Methods.relocateDatasetEdits, { uri: file, anchors: state.edits });
      assert.deepEqual(moved.lines, [1]);
      await second.request(Methods.saveDataset, { uri: file, version: moved.dataset.version, edits: [{ ...state.edits[0], line: 1 }] });
      assert.equal(readFileSync(file, 'utf8'), [record('قبل'), record('أول معدّل'), ...LINES.slice(1)].join('\n') + '\n');
    } finally {
      await second.stop();
    }
  });

  test('a symlinked dataset: the save writes through to the target and the link stays a link', async () => {
    mkdirSync(path.join(workspace, 'real'), { recursive: true });
    const target = path.join(workspace, 'real', 'data.jsonl');
    const link = path.join(workspace, 'link.jsonl');
    writeFileSync(target, LINES.join('\n') + '\n');
    symlinkSync(target, link);
    const { version } = await engine.request(Methods.openDataset, { uri: link });
    const { rows } = await rowsOf(link);
    await engine.request(Methods.saveDataset, { uri: link, version, edits: [{ line: 1, text: null, hash: rows[1].hash }] });
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), target);
    assert.equal(readFileSync(target, 'utf8'), [LINES[0], ...LINES.slice(2)].join('\n') + '\n');
    assert.deepEqual([...readdirSync(workspace), ...readdirSync(path.join(workspace, 'real'))].filter((n) => n.includes('.alw-save-')), []);
  });

  test('a read-only target: a clear error, the file and its mode untouched, no temporary file left', async () => {
    const file = path.join(workspace, 'readonly.jsonl');
    writeFileSync(file, LINES.join('\n') + '\n');
    chmodSync(file, 0o444);
    const { version } = await engine.request(Methods.openDataset, { uri: file });
    const { rows } = await rowsOf(file);
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version, edits: [{ line: 0, text: null, hash: rows[0].hash }] }), /is read-only; nothing was written/);
    assert.equal(readFileSync(file, 'utf8'), LINES.join('\n') + '\n');
    assert.equal(statSync(file).mode & 0o777, 0o444);
    assert.deepEqual(readdirSync(workspace).filter((n) => n.includes('.alw-save-')), []);
  });
});
