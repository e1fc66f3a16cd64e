import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readRecord } from '../../src/engine/datasets/records';

const dir = mkdtempSync(path.join(tmpdir(), 'alw-readrecord-'));

test('readRecord returns the line asked for, CRLF and a BOM on line 1 included, and names a missing line', async () => {
  const file = path.join(dir, 'sft.jsonl');
  writeFileSync(file, '\uFEFF{"prompt": "س", "response": "ج"}\r\n{"prompt": "a", "response": "b"}\r\n');
  assert.equal((await readRecord(file, 0)).record.prompt, 'س');
  assert.equal((await readRecord(file, 1)).record.response, 'b');
  await assert.rejects(readRecord(file, 5), /has no line 6/);
});

test('readRecord reads only up to the line it needs: a file that never ends (a FIFO held open) still answers', { skip: process.platform === 'win32' }, async () => {
  const fifo = path.join(dir, 'endless.jsonl');
  execFileSync('mkfifo', [fifo]);
  // The writer sends two records, keeps the pipe open a while, then marks that it is about to close it:
  // a whole-file read can only return after EOF, so after the mark.
  const closing = path.join(dir, 'closing');
  const records = '{"prompt": "p0", "response": "r0"}\\n{"prompt": "p1", "response": "r1"}\\n';
  const writer = spawn('sh', ['-c', `exec 3>"$0"; printf '${records}' >&3; sleep 5; touch "$1"`, fifo, closing], { detached: true });
  try {
    const result = await readRecord(fifo, 1);
    assert.equal(result.record.prompt, 'p1');
    assert.equal(existsSync(closing), false, 'readRecord waited for the end of the file');
  } finally {
    process.kill(-writer.pid!, 'SIGKILL');
  }
});
