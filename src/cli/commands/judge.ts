/** `alw judge`: preference pairs from an LLM judge (AI feedback for RLAIF), both orders, cached, resumable. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { estimateBatch, CHARS_PER_TOKEN_GUESS } from '../../core/preferences/judgeEstimate';
import { judgePairsOf, type JudgePair } from '../../core/preferences/judgePairs';
import { missingRubricVariables, Rubric } from '../../core/preferences/judgeRubric';
import { writeAtomically } from '../../engine/curation/atomicOutput';
import { readCurationRecords } from '../../engine/curation/curationRecords';
import { JudgeCancelledError, JudgeRequestError } from '../../engine/preferences/judgeBackend';
import { planJudgeBatch, requestsToSend, runJudgeBatch, type JudgedPair, type JudgeCounts } from '../../engine/preferences/judgeBatch';
import { JudgeCache, sha256 } from '../../engine/preferences/judgeCache';
import { OpenAiChatJudge } from '../../engine/preferences/openAiChatJudge';
import { packageRoot } from '../packageRoot';
import { rateProgress } from '../rateProgress';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const DEFAULT_RUBRIC = 'rubrics/pairwise-ar.jinja';

export const judgeHelp = `alw judge IN --output OUT [--report REPORT] [--base-url URL --model NAME] [--rubric FILE] [--concurrency N] [--max-requests N] [--json]
  Ask an LLM judge (any OpenAI-compatible chat-completions server: vLLM, TGI, a hosted API) which response is
  better, and write the decisive pairs as prompt/chosen/rejected for the reward and DPO stages. IN is a ranked
  file (prompt + responses: every response against every other) or a preference file (its pairs re-judged).
  Every pair is judged in both orders; verdicts that disagree are "inconsistent" (position bias) and, like ties
  and replies without a verdict ("unparsed"), give no pair in OUT. REPORT (JSONL) holds every pair with both
  replies. Replies are cached (--cache DIR, default .alw/cache/judge), so a re-run pays only for what is missing.
  --base-url URL   the server's OpenAI base URL, e.g. http://localhost:8000/v1 (or env ALW_JUDGE_BASE_URL)
  --model NAME     the judge model as the server names it (or env ALW_JUDGE_MODEL)
                   The API key, if the server needs one, is read from env ALW_JUDGE_API_KEY and written nowhere.
  --rubric FILE    a Jinja rubric (default: the shipped Arabic ${DEFAULT_RUBRIC}); it gets question, answer_a,
                   answer_b, dialect and must ask for [[A]], [[B]] or [[C]] on the reply's last line
  --concurrency N  requests at once (default 4)     --max-requests N  stop cleanly after N requests
  --timeout S      seconds per attempt (default 120) --retries N  retries on 429/5xx/timeouts (default 5)
  --max-tokens N   the judge's reply limit (default 1024)
  --json           print the counts as JSON: pairs, decisive, tie, inconsistent, unparsed, requests, retries, tokens`;

function positiveInt(args: ParsedArgs, name: string, fallback?: number): number | undefined {
  const value = stringOption(args, name);
  if (value === undefined) {
    if (args.options.has(name)) throw new UsageError(`--${name} needs a value`);
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} takes a positive integer (got "${value}")`);
  return Number(value);
}

export async function judgeCommand(args: ParsedArgs): Promise<number> {
  const input = args.positional[0];
  const output = stringOption(args, 'output') ?? stringOption(args, 'out');
  if (!input || !output) throw new UsageError('judge needs IN and --output OUT');
  const report = stringOption(args, 'report');
  if ([output, report].some((f) => f && path.resolve(f) === path.resolve(input))) throw new UsageError('--output and --report must not be the input file');
  const baseUrl = stringOption(args, 'base-url') ?? process.env.ALW_JUDGE_BASE_URL;
  const model = stringOption(args, 'model') ?? process.env.ALW_JUDGE_MODEL;
  if (!baseUrl || !model) throw new UsageError('judge needs --base-url URL and --model NAME (or env ALW_JUDGE_BASE_URL and ALW_JUDGE_MODEL)');
  const concurrency = positiveInt(args, 'concurrency', 4)!;
  const maxRequests = positiveInt(args, 'max-requests');
  const timeout = positiveInt(args, 'timeout', 120)!;
  const retries = stringOption(args, 'retries') === '0' ? 0 : positiveInt(args, 'retries', 5)!;
  const maxTokens = positiveInt(args, 'max-tokens', 1024)!;
  if (!existsSync(input)) throw new Error(`${input}: no such file`);

  const rubricFile = stringOption(args, 'rubric') ?? path.join(packageRoot(), DEFAULT_RUBRIC);
  if (!existsSync(rubricFile)) throw new Error(`${rubricFile}: no such rubric file`);
  const rubricText = readFileSync(rubricFile, 'utf8');
  const missing = missingRubricVariables(rubricText, 'pairwise');
  if (missing.length) throw new Error(`${rubricFile}: a pairwise rubric must use ${missing.join(', ')}`);
  const rubric = new Rubric(rubricText, rubricFile);
  const rubricHash = sha256(rubricText);

  const pairs = await readPairs(input);
  const judge = new OpenAiChatJudge({ baseUrl, model, apiKey: process.env.ALW_JUDGE_API_KEY, timeoutMs: timeout * 1000, maxTokens, retry: { retries } });
  const cache = new JudgeCache(path.resolve(stringOption(args, 'cache') ?? '.alw/cache/judge'));
  const tasks = planJudgeBatch(pairs, rubric, rubricHash, judge, cache);
  const toSend = requestsToSend(tasks, maxRequests);
  const estimate = estimateBatch(toSend.map((t) => t.promptChars), maxTokens);
  console.error(`judge: ${pairs.length} pairs from ${input}, ${tasks.length} judgements (both orders), ${tasks.filter((t) => t.cached).length} cached`);
  console.error(`judge: ${estimate.requests} requests to send${maxRequests !== undefined && toSend.length < tasks.filter((t) => !t.cached).length ? ` (capped by --max-requests ${maxRequests})` : ''}, about ${estimate.promptTokens} prompt tokens + at most ${estimate.completionTokensAtMost} reply tokens (a guess: characters / ${CHARS_PER_TOKEN_GUESS}, the judge's tokenizer is unknown)`);

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = rateProgress('judge');
  let batch: Awaited<ReturnType<typeof runJudgeBatch>>;
  try {
    batch = await runJudgeBatch(pairs, tasks, judge, cache, { concurrency, maxRequests, signal: controller.signal, onProgress: (d, t) => progress.update(d, t) });
  } catch (error) {
    progress.finish();
    if (error instanceof JudgeCancelledError) {
      console.error(`judge: cancelled; nothing was written (replies received so far are cached in ${cache.dir}: run it again to continue)`);
      return 130;
    }
    if (error instanceof JudgeRequestError) {
      console.error(`judge: ${error.message}`);
      console.error(`judge: nothing was written (replies received so far are cached in ${cache.dir}: run it again to continue)`);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  progress.finish();

  const meta = { judge_model: model, judge_rubric_hash: rubricHash };
  const targets = report ? [output, report] : [output];
  const written = await writeAtomically(targets, async ([out, rep]) => {
    let kept = 0;
    for (const result of batch.results) {
      const pairRecord = preferenceRecord(result, meta);
      if (pairRecord) { kept++; await out.writeLine(JSON.stringify(pairRecord)); }
      if (rep) await rep.writeLine(JSON.stringify(reportRecord(result, input, meta)));
    }
    return kept;
  });
  printSummary(batch.counts, batch.results, input, written, targets, args.options.has('json'));
  return 0;
}

async function readPairs(input: string): Promise<JudgePair[]> {
  const pairs: JudgePair[] = [];
  const problems: string[] = [];
  for await (const line of readCurationRecords(input)) {
    if (!line.record) { problems.push(line.problem!); continue; }
    const got = judgePairsOf(line.record, line.line);
    if ('problem' in got) problems.push(`${input}:${line.line}:1: ${got.problem}`);
    else pairs.push(...got.pairs);
  }
  if (problems.length) {
    const shown = problems.slice(0, 20).join('\n');
    throw new Error(`${problems.length} unusable record${problems.length === 1 ? '' : 's'}; nothing was sent to the judge:\n${shown}${problems.length > 20 ? `\n… and ${problems.length - 20} more` : ''}`);
  }
  if (pairs.length === 0) throw new Error(`${input}: no records to judge`);
  return pairs;
}

function preferenceRecord(result: JudgedPair, meta: Record<string, string>): Record<string, unknown> | undefined {
  if (result.outcome !== 'first' && result.outcome !== 'second') return undefined;
  const { pair } = result;
  const [chosen, rejected] = result.outcome === 'first' ? [pair.first, pair.second] : [pair.second, pair.first];
  return { prompt: pair.prompt, chosen, rejected, ...meta, judge_rationale: result.ab?.rationale ?? '' };
}

function reportRecord(result: JudgedPair, input: string, meta: Record<string, string>): Record<string, unknown> {
  const { pair } = result;
  const order = (o: JudgedPair['ab']) => (o ? { verdict: o.verdict ?? null, reply: o.reply, cached: o.cached } : null);
  return {
    source: `${input}:${pair.line}`, responses: [pair.firstIndex, pair.secondIndex], outcome: result.outcome,
    prompt: pair.prompt, first: pair.first, second: pair.second, ab: order(result.ab), ba: order(result.ba), ...meta,
  };
}

function printSummary(counts: JudgeCounts, results: readonly JudgedPair[], input: string, written: number, targets: string[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ ...counts, written, outputs: targets }, null, 2));
    return;
  }
  const bias = counts.inconsistent ? ` (position bias: favoured A ${counts.positionBias.favouredA}, favoured B ${counts.positionBias.favouredB})` : '';
  console.error(`judge: ${counts.pairs} pairs: ${counts.decisive} decisive, ${counts.tie} tie, ${counts.inconsistent} inconsistent${bias}, ${counts.unparsed} unparsed${counts.notJudged ? `, ${counts.notJudged} not judged (--max-requests reached)` : ''}`);
  console.error(`judge: ${counts.requests} requests, ${counts.cached} cached, ${counts.retries} retries; server usage ${counts.tokens.prompt} prompt + ${counts.tokens.completion} reply tokens`);
  for (const r of results.filter((x) => x.outcome === 'unparsed').slice(0, 10)) {
    const bad = [r.ab, r.ba].filter((o) => o && o.verdict === undefined).map((o) => `${o!.order}: "${o!.reply.trim().slice(-80).replace(/\s+/g, ' ')}"`);
    console.error(`judge: unparsed ${input}:${r.pair.line} responses ${r.pair.firstIndex}/${r.pair.secondIndex}, no verdict line in ${bad.join('; ')}`);
  }
  console.error(`judge → ${targets.join(', ')} (${written} pairs)`);
}
