import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { EventTail } from '../../src/engine/runs/eventTail';
import type { TrainerEvent } from '../../src/protocol';

test('events split across writes are delivered whole, once; noise lines are reported apart', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'alw-tail-')), 'events.jsonl');
  writeFileSync(file, '');
  const events: TrainerEvent[] = [];
  const noise: string[] = [];
  const tail = new EventTail(file, (e) => events.push(e), (l) => noise.push(l));
  appendFileSync(file, '{"type": "progress", "step": 1, "total_steps": 3, "time": 1}\n{"type": "metr');
  assert.equal(tail.poll(), 1);
  appendFileSync(file, 'ics", "step": 1, "metrics": {"loss": 2.5}, "time": 2}\nwarning from a library\n');
  assert.equal(tail.poll(), 1);
  assert.equal(tail.poll(), 0);
  appendFileSync(file, '{"type": "unknown-thing"}\n{"type": "done", "step": 3, "output_dir": "/x", "time": 3}\n');
  tail.poll();
  assert.deepEqual(events.map((e) => e.type), ['progress', 'metrics', 'done']);
  assert.equal((events[1] as any).metrics.loss, 2.5);
  assert.deepEqual(noise, ['warning from a library', '{"type": "unknown-thing"}']);
});
