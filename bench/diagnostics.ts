/**
 * Dataset diagnostics on a generated 100k-record chat file: the editor's first check (DatasetChecker, cold),
 * a re-check after a one-line edit (cached lines), against two peers doing less: a plain JSON.parse of every
 * line (the floor any checker pays), and JSON.parse plus a jsonc position tree per line (what the checker did
 * before it built trees only for lines with problems). CPU milliseconds (process.cpuUsage, so other load on
 * the machine hardly matters) and wall milliseconds, median of RUNS runs.
 *   npx esbuild --bundle --platform=node --main-fields=module,main --log-level=warning bench/diagnostics.ts --outfile=bench/.out/diagnostics.js
 *   RECORDS=100000 RUNS=5 node bench/.out/diagnostics.js
 */
import { DatasetChecker } from '../src/core/diagnostics/diagnoseDataset';
import { parseJsonLine } from '../src/core/formats/jsonLine';
import { diagnosticsCorpus } from './diagnosticsCorpus';

const RECORDS = Number(process.env.RECORDS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);

function measure(name: string, run: () => unknown): { name: string; cpuMs: number; wallMs: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { name, cpuMs: Math.round(median(cpu)), wallMs: Math.round(median(wall)) };
}

const lines = diagnosticsCorpus(RECORDS);
const text = `${lines.join('\n')}\n`;
const edited = [...lines];
edited[RECORDS >> 1] = edited[RECORDS >> 1].replace('"content": "', '"content": "تعديل ');
const editedText = `${edited.join('\n')}\n`;
let problems = 0;
let warm = new DatasetChecker();
warm.check(text);

const results = [
  measure('JSON.parse per line (peer: the floor)', () => { for (const l of text.split('\n')) { try { JSON.parse(l); } catch { /* broken */ } } }),
  measure('JSON.parse + position tree per line (peer: the old way)', () => { for (const l of text.split('\n')) parseJsonLine(l); }),
  measure('DatasetChecker first check (open)', () => { problems = new DatasetChecker().check(text).problems.length; }),
  measure('DatasetChecker re-check after a one-line edit', () => {
    warm.check(editedText);
    warm.check(text); // back, so each run edits one line; the two checks are halved below
  }),
];
results[3] = { ...results[3], cpuMs: Math.round(results[3].cpuMs / 2), wallMs: Math.round(results[3].wallMs / 2) };
const floor = results[0].cpuMs;
console.log(`${RECORDS} records, ${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB, ${problems} problems, median of ${RUNS}`);
for (const r of results) console.log(`${r.name.padEnd(58)} cpu ${String(r.cpuMs).padStart(6)} ms  wall ${String(r.wallMs).padStart(6)} ms  ×${(r.cpuMs / floor).toFixed(2)} of JSON.parse`);
warm = new DatasetChecker();
