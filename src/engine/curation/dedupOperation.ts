/**
 * `dedup`: exact deduplication. Two records are copies when their text fields match after `match`
 * normalization (src/core/curation/dedupKey.ts); the first copy is kept byte for byte, later ones are
 * dropped. Streaming: only a 128-bit key and the first line per distinct record stay in memory
 * (KeyTable: 29–57 bytes each, so ~50 MB per million distinct records), whatever the file's size.
 * Lines that are not JSON records are kept untouched and listed.
 */
import { dedupKeyWords } from '../../core/curation/dedupKey';
import { KeyTable } from '../../core/curation/dedupKeyTable';
import { writeAtomically } from './atomicOutput';
import { pathOption, rejectUnknown } from './optionChecks';
import { copyLine, fileSize, ProblemLines, readCurationRecords } from './curationRecords';
import { OptionError, throwIfCancelled, type CurationOperation } from './operation';

interface DedupOptions {
  /** JSONL file listing each dropped copy: {"line": N, "duplicateOf": FIRST}. */
  report: string | null;
}

export const dedupOperation: CurationOperation<DedupOptions> = {
  name: 'dedup',
  summary: 'drop exact copies (text fields equal after match normalization), keeping the first byte for byte',
  sideOutputOptions: ['report'],
  options(raw) {
    rejectUnknown('dedup', raw, ['report']);
    return { report: pathOption(raw, 'report') };
  },
  async run(inputs, output, options, context) {
    if (inputs.length !== 1) throw new OptionError('dedup takes one input file');
    const [input] = inputs;
    const total = fileSize(input);
    const seen = new KeyTable(4);
    const key = new Uint32Array(4);
    const problems = new ProblemLines();
    let records = 0;
    let removed = 0;
    const targets = options.report ? [output, options.report] : [output];
    await writeAtomically(targets, async ([kept, report]) => {
      for await (const line of readCurationRecords(input)) {
        throwIfCancelled(context.signal);
        if (line.line % 5000 === 0) context.progress(line.bytesRead, total);
        if (line.record) {
          records++;
          const first = seen.getOrInsert(dedupKeyWords(line.record, key), line.line);
          if (first >= 0) {
            removed++;
            await report?.writeLine(JSON.stringify({ line: line.line, duplicateOf: first }));
            continue;
          }
        } else if (line.problem) problems.add(line.problem);
        await copyLine(kept, line);
      }
    });
    context.progress(total, total);
    return {
      report: {
        records, kept: records - removed, removed,
        invalid: problems.count, invalidLines: problems.listed, keyTableBytes: seen.bytes,
      },
      outputs: targets,
    };
  },
};
