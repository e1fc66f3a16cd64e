import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../src/engine/shared/atomicWrite';

// Re-run as a child under strace: write one file and exit, so the trace holds only that write.
if (process.env.ALW_ATOMIC_WRITE_TARGET) {
  writeFileAtomic(process.env.ALW_ATOMIC_WRITE_TARGET, '{"state": "done"}\n');
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'alw-atomic-'));

test('a failed rename leaves the target as it was and no temporary file', () => {
  const folder = path.join(dir, 'fails');
  mkdirSync(path.join(folder, 'status.json'), { recursive: true }); // a folder where the file should go
  assert.throws(() => writeFileAtomic(path.join(folder, 'status.json'), '{}'));
  assert.deepEqual(readdirSync(folder), ['status.json']);
});

const strace = spawnSync('strace', ['-V']).status === 0;

test('the file is fsynced before the rename and its folder after it (seen with strace)', { skip: !strace && 'strace is not installed' }, () => {
  const folder = path.join(dir, 'مجلد التشغيل');
  mkdirSync(folder);
  const target = path.join(folder, 'status.json');
  const log = path.join(dir, 'trace.log');
  execFileSync('strace', ['-f', '-qq', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2,close', '-o', log, process.execPath, __filename],
    { env: { ...process.env, ALW_ATOMIC_WRITE_TARGET: target } });
  assert.equal(readFileSync(target, 'utf8'), '{"state": "done"}\n');
  // strace escapes non-ASCII bytes in paths, so match the ASCII tail of each name.
  const calls = readFileSync(log, 'utf8').split('\n').map((l) => l.replace(/^\d+\s+/, ''));
  const opened = (pattern: RegExp) => calls.map((c) => (pattern.test(c) ? /= (\d+)$/.exec(c)?.[1] : undefined)).filter(Boolean);
  const tempFd = opened(/^openat\(.*status\.json\.tmp-[^"]*", O_WRONLY/)[0];
  assert.ok(tempFd, 'the temporary file was opened');
  const order = (pattern: RegExp, after = -1) => calls.findIndex((c, i) => i > after && pattern.test(c));
  const fsyncTemp = order(new RegExp(`^f(data)?sync\\(${tempFd}\\)`));
  const rename = order(/^rename(at2?)?\(.*status\.json\.tmp-.*status\.json"/);
  assert.ok(fsyncTemp !== -1 && rename !== -1 && fsyncTemp < rename, 'the temporary file is synced before the rename');
  const folderOpens = calls.map((c, i) => ({ c, i })).filter(({ c, i }) => i > rename && /^openat\(.*", O_RDONLY.*= \d+$/.test(c) && !/\.(js|node|json)"/.test(c));
  const folderFd = /= (\d+)$/.exec(folderOpens[0]?.c ?? '')?.[1];
  assert.ok(folderFd, 'the folder is opened after the rename');
  assert.ok(order(new RegExp(`^f(data)?sync\\(${folderFd}\\)`), rename) !== -1, 'the folder is synced after the rename');
});
