/**
 * The editor's path for "a 100k-record file shows its diagnostics within 1 s of opening": the real engine
 * process (dist/engine.js, over JSON-RPC on stdio as VS Code runs it) gets textDocument/didOpen with the
 * generated 100k-record chat file of bench/diagnostics.ts; the clock stops at its two publishDiagnostics (the
 * first screen's lines, then the whole file's). Peer in the same run: the same lines, each a JSON string instead
 * of a record (the engine receives and splits it, and finds nothing to check), so the ratio shows what checking
 * adds to moving the text. Wall ms, median of RUNS fresh engines.
 *   npm run build && npx esbuild --bundle --platform=node --main-fields=module,main --log-level=warning bench/diagnostics_engine.ts --outfile=bench/.out/diagnostics_engine.js
 *   RECORDS=100000 RUNS=5 node bench/.out/diagnostics_engine.js
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EngineClient } from '../test/engine/engineClient';
import { diagnosticsCorpus } from './diagnosticsCorpus';

const RECORDS = Number(process.env.RECORDS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);

interface Opened { firstMs: number; allMs: number; problems: number }

/** Times the engine's two publishes for a large file: its first screen's diagnostics, then the whole file's. */
async function timeOpen(workspace: string, name: string, text: string): Promise<Opened> {
  const engine = await EngineClient.start(workspace, {}, path.join(__dirname, '../../dist/engine.js'));
  try {
    const file = path.join(workspace, name);
    writeFileSync(file, text);
    await new Promise((r) => setTimeout(r, 300)); // let the engine settle after initialize
    const t0 = performance.now();
    const uri = engine.open(file, text);
    const published = () => engine.published.get(uri)?.length ?? 0;
    const waitFor = async (count: number) => {
      while (published() < count) await new Promise((r) => setTimeout(r, 2));
      return performance.now() - t0;
    };
    const firstMs = await waitFor(1);
    const allMs = await waitFor(2);
    return { firstMs, allMs, problems: engine.published.get(uri)![1].length };
  } finally {
    await engine.stop();
  }
}

async function main(): Promise<void> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'alw-bench-diag-'));
  const text = `${diagnosticsCorpus(RECORDS).join('\n')}\n`;
  // Peer: the same lines, each as a JSON string instead of a record (a few more bytes: quotes are escaped). The
  // engine receives and splits the text like the dataset's, finds no records and publishes one diagnostic.
  const peerText = text.split('\n').map((l) => (l ? JSON.stringify(l) : l)).join('\n');
  const open: Opened[] = [];
  const peer: Opened[] = [];
  for (let i = 0; i < RUNS; i++) {
    open.push(await timeOpen(workspace, `open-${i}.jsonl`, text));
    peer.push(await timeOpen(workspace, `peer-${i}.jsonl`, peerText));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const all = median(open.map((o) => o.allMs));
  console.log(`${RECORDS} records, ${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB, ${open[0].problems} diagnostics, median of ${RUNS} fresh engines`);
  console.log(`didOpen → first screen's diagnostics, the dataset   wall ${Math.round(median(open.map((o) => o.firstMs)))} ms`);
  console.log(`didOpen → all diagnostics, the dataset              wall ${Math.round(all)} ms   (runs: ${open.map((o) => Math.round(o.allMs)).join(', ')})`);
  console.log(`didOpen → all diagnostics, peer text (no records)   wall ${Math.round(median(peer.map((o) => o.allMs)))} ms   ratio ×${(all / median(peer.map((o) => o.allMs))).toFixed(2)}`);
}

void main();
