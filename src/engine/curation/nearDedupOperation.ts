/**
 * `neardedup`: near-duplicate removal by MinHash LSH (src/core/curation/minhash.ts, lsh.ts) over word
 * n-grams of the record's `match`-normalized text fields. Records whose signatures share a band bucket
 * are joined (union-find); each cluster keeps its first record, byte for byte.
 *
 * Two passes over the file: the first builds signatures and clusters, the second writes — a record can
 * join an earlier cluster only through a later one, so what to keep is known only at the end. Memory per
 * record: its signature (4 × bands × rows bytes: 448 at 14 × 8), its bucket keys (12 bytes per band per
 * slot: ~240–480 bytes at 14 bands) and a union-find entry (4 bytes) — about 1 GB per million records.
 */
import { recordTexts } from '../../core/curation/dedupKey';
import { LshIndex, UnionFind } from '../../core/curation/lsh';
import { estimateJaccard, MinHasher } from '../../core/curation/minhash';
import { writeAtomically } from './atomicOutput';
import { numberOption, pathOption, rejectUnknown } from './optionChecks';
import { copyLine, fileSize, ProblemLines, readCurationRecords } from './curationRecords';
import { OptionError, throwIfCancelled, type CurationOperation, type OperationContext } from './operation';

interface NearDedupOptions {
  bands: number;
  rows: number;
  /** Words per shingle. */
  ngram: number;
  seed: number;
  /** Candidate pairs whose estimated Jaccard is below this are not joined; 0 keeps every LSH candidate. */
  threshold: number;
  /** JSONL cluster report: {"cluster": N, "lines": [first, …], "jaccard": [1, …]} (estimate vs the first). */
  report: string | null;
}

/** What the first pass learns: for each record with words, its line and signature, and the clusters. */
interface Clustering {
  lines: number[];
  signatures: SignatureStore;
  clusters: UnionFind;
  records: number;
  problems: ProblemLines;
}

export const nearDedupOperation: CurationOperation<NearDedupOptions> = {
  name: 'neardedup',
  summary: 'drop near-duplicates (MinHash LSH over word n-grams, 14 bands × 8 rows), keeping the first of each cluster',
  sideOutputOptions: ['report'],
  options(raw) {
    rejectUnknown('neardedup', raw, ['bands', 'rows', 'ngram', 'seed', 'threshold', 'report']);
    return {
      bands: numberOption(raw, 'bands', 14, { min: 1, max: 1024 }),
      rows: numberOption(raw, 'rows', 8, { min: 1, max: 1024 }),
      ngram: numberOption(raw, 'ngram', 5, { min: 1, max: 100 }),
      seed: numberOption(raw, 'seed', 1, { min: 0, max: 2 ** 32 - 1 }),
      threshold: numberOption(raw, 'threshold', 0, { min: 0, max: 1, integer: false }),
      report: pathOption(raw, 'report'),
    };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('neardedup takes one input file');
    const [input] = inputs;
    const found = await cluster(input, options, context);
    const clusters = clusterReport(found);
    const total = 2 * fileSize(input);
    const targets = options.report ? [output, options.report] : [output];
    let removed = 0;
    let next = 0; // found.lines is in file order: the index of the next record with a signature
    await writeAtomically(targets, async ([kept, report]) => {
      for await (const line of readCurationRecords(input)) {
        throwIfCancelled(context.signal);
        if (line.line % 5000 === 0) context.progress(total / 2 + line.bytesRead, total);
        const i = found.lines[next] === line.line ? next++ : -1;
        if (i >= 0 && found.clusters.find(i) !== i) removed++;
        else await copyLine(kept, line);
      }
      if (report) for (const entry of clusters) await report.writeLine(JSON.stringify(entry));
    });
    context.progress(total, total);
    return {
      report: {
        records: found.records, kept: found.records - removed, removed,
        clusters: clusters.length,
        withoutWords: found.records - found.lines.length,
        invalid: found.problems.count, invalidLines: found.problems.listed,
      },
      outputs: targets,
    };
  },
};

async function cluster(input: string, options: NearDedupOptions, context: OperationContext): Promise<Clustering> {
  const hasher = new MinHasher({ numPerm: options.bands * options.rows, ngram: options.ngram, seed: options.seed });
  const lsh = new LshIndex(options.bands, options.rows);
  const result: Clustering = { lines: [], signatures: new SignatureStore(hasher.options.numPerm), clusters: new UnionFind(), records: 0, problems: new ProblemLines() };
  const total = 2 * fileSize(input);
  for await (const line of readCurationRecords(input)) {
    throwIfCancelled(context.signal);
    if (line.line % 5000 === 0) context.progress(line.bytesRead, total);
    if (!line.record) {
      if (line.problem) result.problems.add(line.problem);
      continue;
    }
    result.records++;
    const signature = hasher.signature(recordTexts(line.record).join('\n'));
    if (!signature) continue; // no words: nothing to compare, the record is kept
    const id = result.lines.length;
    result.lines.push(line.line);
    result.signatures.add(signature);
    for (const other of lsh.add(id, signature)) {
      if (estimateJaccard(signature, result.signatures.get(other)) >= options.threshold) result.clusters.union(id, other);
    }
  }
  return result;
}

/** Clusters of two or more records, in the order of their first (kept) record. */
function clusterReport(found: Clustering): { cluster: number; lines: number[]; jaccard: number[] }[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < found.lines.length; i++) {
    const root = found.clusters.find(i);
    if (root === i) continue;
    const cluster = members.get(root) ?? [root];
    if (cluster.length === 1) members.set(root, cluster);
    cluster.push(i);
  }
  return [...members.entries()].sort(([a], [b]) => a - b).map(([root, ids], n) => ({
    cluster: n + 1,
    lines: ids.map((i) => found.lines[i]),
    jaccard: ids.map((i) => Math.round(estimateJaccard(found.signatures.get(i), found.signatures.get(root)) * 1e4) / 1e4),
  }));
}

/** Signatures end to end in one growing typed array: no object per record. */
class SignatureStore {
  private data = new Uint32Array(0);
  private count = 0;

  constructor(private readonly width: number) {}

  add(signature: Uint32Array): void {
    if ((this.count + 1) * this.width > this.data.length) {
      const grown = new Uint32Array(Math.max((this.count + 1) * this.width, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(signature, this.count++ * this.width);
  }

  get(i: number): Uint32Array {
    return this.data.subarray(i * this.width, (i + 1) * this.width);
  }
}
