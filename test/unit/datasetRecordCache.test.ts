/** The record view cache of CSV/JSON/Parquet datasets: names, reuse, rebuild on change, stale versions removed. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { recordCache, recordCacheNames } from '../../src/engine/datasets/datasetRecordCache';
import { recordLine, viewFormatOf } from '../../src/engine/formats/recordLines';

function workspace(): { dir: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-record-cache-'));
  return { dir, cacheDir: path.join(dir, '.alw', 'cache', 'datasets') };
}

test('cache names: one prefix per source path, a new base for each size or mtime', () => {
  const a = recordCacheNames('/data/a.csv', 100, 1_700_000_000_000.5);
  assert.deepEqual(recordCacheNames('/data/a.csv', 100, 1_700_000_000_000.5), a);
  const touched = recordCacheNames('/data/a.csv', 100, 1_700_000_000_001);
  const grown = recordCacheNames('/data/a.csv', 101, 1_700_000_000_000.5);
  assert.equal(touched.prefix, a.prefix);
  assert.equal(grown.prefix, a.prefix);
  assert.equal(new Set([a.base, touched.base, grown.base]).size, 3);
  assert.notEqual(recordCacheNames('/data/b.csv', 100, 1_700_000_000_000.5).prefix, a.prefix);
  assert.ok(a.base.startsWith(`${a.prefix}-`));
});

test('the panel reads .ndjson and unknown extensions as JSONL', () => {
  assert.deepEqual(['a.ndjson', 'a.jsonl', 'a.txt', 'a.CSV', 'a.json', 'a.parquet'].map(viewFormatOf), ['jsonl', 'jsonl', 'jsonl', 'csv', 'json', 'parquet']);
});

test('record lines: the record as JSON, or NAME:LINE:COLUMN and the reason on one line', () => {
  assert.equal(recordLine('/d/x.csv', { index: 0, line: 3, record: { text: 'سطر\nثان' } }), '{"text":"سطر\\nثان"}');
  assert.equal(recordLine('/d/x.csv', { index: 1, line: 7, error: { message: 'bad\nfield', column: 4 } }), 'x.csv:7:4: bad field');
});

test('built once, reused while the source is unchanged, rebuilt when it changes (older version and dead temporaries removed)', async () => {
  const { dir, cacheDir } = workspace();
  const csv = path.join(dir, 'qa.csv');
  writeFileSync(csv, 'question,answer\n"هل الماء\nسائل؟",نعم\nهل النار باردة؟,لا\nسطر,بلا,زيادة\n');
  const first = await recordCache(csv, cacheDir);
  assert.deepEqual([...first.source.positions], [2, 4, 5]);
  assert.deepEqual(readFileSync(first.cacheFile, 'utf8').split('\n'), [
    JSON.stringify({ question: 'هل الماء\nسائل؟', answer: 'نعم' }), JSON.stringify({ question: 'هل النار باردة؟', answer: 'لا' }),
    'qa.csv:5:1: expected 2 fields, found 3', '',
  ]);
  const built = statSync(first.cacheFile);
  const again = await recordCache(csv, cacheDir);
  assert.equal(again.cacheFile, first.cacheFile);
  assert.deepEqual([...again.source.positions], [2, 4, 5], 'positions read back from disk');
  assert.equal(statSync(again.cacheFile).mtimeMs, built.mtimeMs, 'not written again');

  const { prefix } = recordCacheNames(csv, 0, 0);
  const deadTemp = `${path.basename(first.cacheFile)}.tmp-999999999-1`;
  const liveTemp = `${path.basename(first.cacheFile)}.tmp-${process.ppid}-1`;
  writeFileSync(path.join(cacheDir, deadTemp), 'partial');
  writeFileSync(path.join(cacheDir, liveTemp), 'being written by another engine');
  writeFileSync(csv, 'question,answer\nهل الأرض كروية؟,نعم\n');
  utimesSync(csv, new Date(), new Date(Date.now() + 5000));
  const changed = await recordCache(csv, cacheDir);
  assert.notEqual(changed.cacheFile, first.cacheFile);
  assert.deepEqual([...changed.source.positions], [2]);
  const base = path.basename(changed.cacheFile, '.jsonl');
  assert.deepEqual(readdirSync(cacheDir).filter((n) => n.startsWith(prefix)).sort(), [`${base}.jsonl`, `${base}.positions`, liveTemp, `${prefix}.source`].sort());
});

test('a source that cannot be read fails with its reason and leaves no cache', async () => {
  const { dir, cacheDir } = workspace();
  const json = path.join(dir, 'settings.json');
  writeFileSync(json, '{"a": 1}');
  await assert.rejects(recordCache(json, cacheDir), /settings\.json: expected an array of records/);
  assert.deepEqual(readdirSync(cacheDir), []);
});

test('building a cache removes the caches of deleted sources and of caches older than source names', async () => {
  const { dir, cacheDir } = workspace();
  const kept = path.join(dir, 'kept.csv');
  const deleted = path.join(dir, 'deleted.csv');
  writeFileSync(kept, 'text\nنص باق\n');
  writeFileSync(deleted, 'text\nنص سيحذف\n');
  await recordCache(kept, cacheDir);
  const gone = await recordCache(deleted, cacheDir);
  const legacy = `${'0'.repeat(20)}-${'1'.repeat(12)}.jsonl`; // a cache written before `.source` files
  writeFileSync(path.join(cacheDir, legacy), '{}\n');
  const { prefix: deletedPrefix } = recordCacheNames(deleted, 0, 0);
  assert.ok(readdirSync(cacheDir).includes(`${deletedPrefix}.source`));
  rmSync(deleted);

  const other = path.join(dir, 'other.csv');
  writeFileSync(other, 'text\nنص آخر\n');
  await recordCache(other, cacheDir);
  const names = readdirSync(cacheDir);
  assert.ok(!names.some((n) => n.startsWith(deletedPrefix)), `the deleted source's cache is gone: ${names}`);
  assert.ok(!names.includes(legacy));
  assert.ok(!names.includes(path.basename(gone.cacheFile)));
  for (const file of [kept, other]) {
    const { prefix } = recordCacheNames(file, 0, 0);
    assert.equal(names.filter((n) => n.startsWith(prefix)).length, 3, `${file}: .jsonl, .positions and .source kept`);
  }
});
