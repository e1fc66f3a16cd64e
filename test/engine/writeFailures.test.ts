/**
 * Writes that fail part-way, against the real engine over JSON-RPC: a save racing another writer, a full disk
 * and a read-only file system during a dataset save and during a curation operation. Each time: a clear error,
 * the source and the target exactly as they were, no temporary file left. The full and read-only file systems
 * are small tmpfs mounts, which need root (CI runs as root); elsewhere those tests skip and say why.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DATASET_CHANGED_ERROR, Methods } from '../../src/protocol';
import { EngineClient } from './engineClient';

const workspace = mkdtempSync(path.join(tmpdir(), 'alw-write-failures مساحة-'));
const record = (i: number) => JSON.stringify({ text: `السجل رقم ${i}: نص عربي قصير للتجربة.` });
const lines = (count: number) => Array.from({ length: count }, (_, i) => record(i)).join('\n') + '\n';
const mounts: string[] = [];
const canMount = process.platform === 'linux' && process.getuid?.() === 0;
const mountSkip = canMount ? false : 'mounting a small tmpfs needs root on Linux';
let engine: EngineClient;

function tmpfs(name: string, options: string): string {
  const dir = path.join(workspace, name);
  mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.tmp-|\.alw-save-/.test(n));
}

before(async () => {
  engine = await EngineClient.start(workspace, { runsDir: null });
});
after(async () => {
  await engine?.stop();
  for (const dir of mounts) execFileSync('umount', [dir]);
});

test('a save racing another writer that keeps rewriting a line: refused, nothing of either writer lost, no temp file', async () => {
  const file = path.join(workspace, 'race.jsonl');
  const original = lines(200_000);
  writeFileSync(file, original);
  const { version } = await engine.request(Methods.openDataset, { uri: file });
  const { rows } = await engine.request(Methods.datasetRows, { uri: file, start: 150_000, count: 1 });
  // Another process rewrites line 11 in place (same length) every few milliseconds for the whole save.
  const offset = Buffer.byteLength(original.split('\n').slice(0, 10).join('\n') + '\n');
  const [a, b] = ['{"text": "A', '{"text": "B'];
  const writer = spawn(process.execPath, ['-e', `
    const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'r+'); let i = 0;
    const write = () => fs.writeSync(fd, i++ % 2 ? ${JSON.stringify(a)} : ${JSON.stringify(b)}, ${offset});
    write(); console.log('writing'); setInterval(write, 2);
  `]);
  await new Promise((r) => writer.stdout.once('data', r)); // the other writer has started
  try {
    await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version, edits: [{ line: 150_000, text: null, hash: rows[0].hash }] }),
      (e: Error & { code?: number }) => e.code === DATASET_CHANGED_ERROR && /changed on disk/.test(e.message) && /nothing was written/.test(e.message));
  } finally {
    writer.kill();
  }
  await new Promise((r) => writer.once('exit', r));
  const after = readFileSync(file, 'utf8').split('\n');
  assert.equal(after.length, 200_001, 'no line deleted, none added');
  assert.ok(after[10].startsWith('{"text": "A') || after[10].startsWith('{"text": "B'), 'the other writer\'s change is kept');
  assert.equal(after[150_000], record(150_000), 'the refused deletion did not happen');
  assert.deepEqual(after.filter((_, i) => i !== 10), original.split('\n').filter((_, i) => i !== 10));
  assert.deepEqual(leftovers(workspace), []);
});

test('another writer that starts while the save is copying: whichever wins, no record of either is lost', async () => {
  const file = path.join(workspace, 'race-mid.jsonl');
  const original = lines(300_000);
  writeFileSync(file, original);
  const { version } = await engine.request(Methods.openDataset, { uri: file });
  const { rows } = await engine.request(Methods.datasetRows, { uri: file, start: 250_000, count: 1 });
  const offset = Buffer.byteLength(original.split('\n').slice(0, 10).join('\n') + '\n');
  const save = engine.request(Methods.saveDataset, { uri: file, version, edits: [{ line: 250_000, text: null, hash: rows[0].hash }] })
    .then(() => 'saved', (e: Error & { code?: number }) => (e.code === DATASET_CHANGED_ERROR && /nothing was written/.test(e.message) ? 'refused' : e.message));
  // Started with the save in flight: its first write lands during the copy, before the rename, or after it.
  const writer = spawn(process.execPath, ['-e', `
    const fs = require('fs'); let i = 0;
    setInterval(() => { const fd = fs.openSync(${JSON.stringify(file)}, 'r+'); fs.writeSync(fd, i++ % 2 ? '{"text": "A' : '{"text": "B', ${offset}); fs.closeSync(fd); }, 1);
  `]);
  const outcome = await save;
  await new Promise((r) => setTimeout(r, 20));
  writer.kill();
  await new Promise((r) => writer.once('exit', r));
  assert.ok(outcome === 'saved' || outcome === 'refused', outcome);
  const expected = original.split('\n').filter((_, i) => i !== 10 && (outcome === 'refused' || i !== 250_000));
  const now = readFileSync(file, 'utf8').split('\n');
  assert.ok(/^\{"text": "[AB]/.test(now[10]), 'the other writer\'s change is there');
  assert.deepEqual(now.filter((_, i) => i !== 10), expected, `${outcome}: every other line as the winner left it`);
  assert.deepEqual(leftovers(workspace), []);
});

test('a full disk during a save: a clear error, the file as it was, no temp file', { skip: mountSkip }, async () => {
  const disk = tmpfs('full-save', 'size=256k');
  const file = path.join(disk, 'data.jsonl');
  const content = lines(1_200); // ≈ 90 KB: the copy does not fit beside it once the filler is written
  writeFileSync(file, content);
  fill(disk, 40_000);
  const { version } = await engine.request(Methods.openDataset, { uri: file });
  const { rows } = await engine.request(Methods.datasetRows, { uri: file, start: 0, count: 1 });
  await assert.rejects(engine.request(Methods.saveDataset, { uri: file, version, edits: [{ line: 0, text: null, hash: rows[0].hash }] }),
    /could not save, no space left on the device; nothing was written, the file is as it was/);
  assert.equal(readFileSync(file, 'utf8'), content);
  assert.deepEqual(leftovers(disk), []);
});

test('a full disk during a curation operation: a clear error, the source untouched, no output and no temp file', { skip: mountSkip }, async () => {
  const disk = tmpfs('full-curate', 'size=256k');
  const source = path.join(workspace, 'source.jsonl');
  const content = lines(3_000).replace(/عربي/g, 'عربـــي'); // tatweel for normalize to remove: every line is rewritten
  writeFileSync(source, content);
  fill(disk, 0);
  const output = path.join(disk, 'normalized.jsonl');
  await assert.rejects(engine.request(Methods.curate, { operation: 'normalize', inputs: [source], output, token: 'full' }),
    (e: Error) => /no space left on the device/i.test(e.message) && e.message.includes(output));
  assert.equal(readFileSync(source, 'utf8'), content);
  assert.deepEqual(readdirSync(disk).filter((n) => n !== 'filler'), []);
});

test('a read-only file system during a curation operation: a clear error, the source untouched, nothing written', { skip: mountSkip }, async () => {
  const disk = tmpfs('read-only', 'size=256k,ro');
  const source = path.join(workspace, 'source-ro.jsonl');
  writeFileSync(source, lines(100));
  const output = path.join(disk, 'kept.jsonl');
  await assert.rejects(engine.request(Methods.curate, { operation: 'dedup', inputs: [source], output, token: 'ro' }),
    (e: Error) => /read-only|not allowed to write/i.test(e.message) && e.message.includes(output));
  assert.equal(readFileSync(source, 'utf8'), lines(100));
  assert.deepEqual(readdirSync(disk), []);
});

/** Fills the tmpfs until `free` bytes (roughly) are left. */
function fill(disk: string, free: number): void {
  const total = Number(execFileSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).split('\n')[1].trim());
  writeFileSync(path.join(disk, 'filler'), Buffer.alloc(Math.max(0, total - free)));
}
