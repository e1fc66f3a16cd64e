/**
 * `alw generate --candidates K`: K sampled responses per prompt of a file, into a `ranked` file (prompt +
 * responses) for `alw judge` — the first step of the offline AI-feedback loop. The model is a Hugging Face
 * checkpoint or LoRA adapter run by the trainer (--model DIR), or an OpenAI-compatible server (--base-url).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { candidatePromptOf, rankedRecord, type CandidatePrompt, type SamplingSettings } from '../../core/generation/candidateRequests';
import { writeAtomically } from '../../engine/curation/atomicOutput';
import { readCurationRecords } from '../../engine/curation/curationRecords';
import { OpenAiCandidates, TrainerCandidates, type CandidateBackend, type Candidates } from '../../engine/generation/candidateBackends';
import { JudgeCancelledError, JudgeRequestError } from '../../engine/preferences/judgeBackend';
import { pythonFor } from '../../engine/python/pythonFor';
import { TrainerRequestsCancelled, TrainerRequestsError } from '../../engine/trainerRequests/runTrainerRequests';
import { rateProgress } from '../rateProgress';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const candidatesHelp = `alw generate --candidates K --input PROMPTS --output OUT [--model DIR | --base-url URL --model-name NAME]
               [--temperature T] [--top-p P] [--max-new-tokens N] [--seed S] [--concurrency N]
  Sample K responses for every prompt of PROMPTS (records with a "prompt" — text or chat turns —, a "query", an
  "instruction" (+ "input"), or an SFT "messages" conversation, answered up to its last assistant turn: what an
  RLAIF run takes as prompts) and write a ranked file OUT (prompt + responses, and the record's dialect), ready
  for "alw judge". OUT is written atomically, when all are done.
  Empty candidates are dropped (the judge cannot compare them); a prompt left with fewer than 2 is left out.
  --model DIR        a Hugging Face checkpoint or LoRA adapter, run by the trainer in one batch (Python: env
                     ALW_PYTHON, else ./.venv, else python3)
  --base-url URL     an OpenAI-compatible server instead (vLLM, TGI, llama.cpp); --model-name NAME is its model;
                     a key, if it needs one, is read from env ALW_GENERATE_API_KEY. --concurrency N (default 4)
  --temperature T    sampling temperature (default 1)   --top-p P  nucleus sampling (default 1)
  --max-new-tokens N reply limit (default 256)
  --seed S           sampling seed (default 0), mixed with a hash of each prompt: same seed, same candidates`;

function numberOption(args: ParsedArgs, name: string, fallback: number, valid: (n: number) => boolean, what: string): number {
  const value = stringOption(args, name);
  if (value === undefined) {
    if (args.options.has(name)) throw new UsageError(`--${name} needs a value`);
    return fallback;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !valid(n)) throw new UsageError(`--${name} takes ${what} (got "${value}")`);
  return n;
}

const positive = (n: number) => Number.isInteger(n) && n >= 1;

export async function candidatesCommand(args: ParsedArgs): Promise<number> {
  const input = stringOption(args, 'input');
  const output = stringOption(args, 'output');
  if (!input || !output) throw new UsageError('generate --candidates needs --input PROMPTS and --output OUT');
  if (path.resolve(input) === path.resolve(output)) throw new UsageError('--output must not be the input file');
  const settings: SamplingSettings = {
    candidates: numberOption(args, 'candidates', 0, (n) => positive(n) && n >= 2, 'an integer of at least 2 (the judge compares them)'),
    temperature: numberOption(args, 'temperature', 1, (n) => n > 0, 'a number above 0 (candidates are sampled)'),
    topP: numberOption(args, 'top-p', 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    maxNewTokens: numberOption(args, 'max-new-tokens', 256, positive, 'a positive integer'),
    seed: numberOption(args, 'seed', 0, (n) => Number.isInteger(n) && n >= 0, 'a whole number'),
  };
  const modelDir = stringOption(args, 'model');
  const baseUrl = stringOption(args, 'base-url');
  const modelName = stringOption(args, 'model-name');
  if (!!modelDir === !!baseUrl) throw new UsageError('generate --candidates needs --model DIR (the trainer) or --base-url URL --model-name NAME (a server), not both');
  if (baseUrl && !modelName) throw new UsageError('--base-url needs --model-name NAME (the model as the server names it)');
  if (!existsSync(input)) throw new Error(`${input}: no such file`);
  if (modelDir && !existsSync(modelDir)) throw new Error(`${modelDir}: no such model folder`);
  const backend: CandidateBackend = modelDir
    ? new TrainerCandidates(modelDir, pythonFor(undefined, undefined), path.resolve('.alw/cache/generate'))
    : new OpenAiCandidates({ baseUrl: baseUrl!, model: modelName!, apiKey: process.env.ALW_GENERATE_API_KEY, concurrency: numberOption(args, 'concurrency', 4, positive, 'a positive integer') });

  const prompts = await readPrompts(input);
  console.error(`generate: ${prompts.length} prompts from ${input}, ${settings.candidates} candidates each (temperature ${settings.temperature}, top-p ${settings.topP}, seed ${settings.seed})`);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = rateProgress('generate');
  let candidates: Candidates[];
  try {
    progress.update(0, prompts.length);
    candidates = await backend.generateAll(prompts, settings, controller.signal, (d, t) => progress.update(d, t));
  } catch (error) {
    progress.finish();
    if (controller.signal.aborted || error instanceof JudgeCancelledError || error instanceof TrainerRequestsCancelled) {
      console.error('generate: cancelled; nothing was written');
      return 130;
    }
    if (error instanceof JudgeRequestError || error instanceof TrainerRequestsError) {
      console.error(`generate: ${error.message}\ngenerate: nothing was written`);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  progress.finish();

  const failed = prompts.flatMap((p, i) => { const c = candidates[i]; return 'error' in c ? [`${input}:${p.line}:1: ${c.error}`] : []; });
  // An empty candidate cannot be judged (alw judge refuses it): dropped, and a prompt left with fewer than two is left out.
  let empty = 0;
  const short: string[] = [];
  const kept = prompts.map((p, i) => {
    const c = candidates[i];
    if ('error' in c) return undefined;
    const responses = c.responses.filter((r) => r.trim());
    empty += c.responses.length - responses.length;
    if (responses.length < 2) { short.push(`${input}:${p.line}:1: only ${responses.length} non-empty candidate${responses.length === 1 ? '' : 's'}`); return undefined; }
    return rankedRecord(p, responses);
  });
  const written = await writeAtomically([output], async ([out]) => {
    let n = 0;
    for (const record of kept) if (record) { n++; await out.writeLine(JSON.stringify(record)); }
    return n;
  });
  for (const line of failed.slice(0, 20)) console.error(`generate: no candidates for ${line}`);
  for (const line of short.slice(0, 20)) console.error(`generate: left out ${line}`);
  console.error(`generate → ${output} (${written} prompts, up to ${settings.candidates} candidates each${empty ? `; ${empty} empty candidates dropped` : ''}${short.length ? `; ${short.length} prompts left out` : ''}${failed.length ? `; ${failed.length} prompts failed` : ''})`);
  return failed.length ? 1 : 0;
}

async function readPrompts(input: string): Promise<CandidatePrompt[]> {
  const prompts: CandidatePrompt[] = [];
  const problems: string[] = [];
  for await (const line of readCurationRecords(input)) {
    if (!line.record) { problems.push(line.problem!); continue; }
    const got = candidatePromptOf(line.record, line.line);
    if ('problem' in got) problems.push(`${input}:${line.line}:1: ${got.problem}`);
    else prompts.push(got);
  }
  if (problems.length) {
    throw new Error(`${problems.length} unusable record${problems.length === 1 ? '' : 's'}; nothing was generated:\n${problems.slice(0, 20).join('\n')}${problems.length > 20 ? `\n… and ${problems.length - 20} more` : ''}`);
  }
  if (prompts.length === 0) throw new Error(`${input}: no prompts`);
  return prompts;
}
