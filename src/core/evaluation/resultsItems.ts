/**
 * The Results panel's drill-down: each item of an eval run's predictions.jsonl with its prompt (from
 * requests.jsonl, matched by the request id `TASK/ID`), the model's answer, what the extraction read, the gold
 * answer and the verdict. Unparsed (nothing read) is its own verdict, though scoring counts it wrong.
 */
import { jsonObjects } from '../formats/jsonObjects';
import type { EvalRequest } from './evalPrompts';
import type { PredictionRow } from './evalResults';

export type Verdict = 'correct' | 'wrong' | 'unparsed';
export const ITEM_FILTERS = ['all', 'wrong', 'unparsed', 'not-correct'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

export interface ResultItem {
  task: string;
  id: string;
  prompt: string;
  response: string;
  extracted: string | null;
  gold: string;
  verdict: Verdict;
  error?: string;
}

export function verdictOf(row: Pick<PredictionRow, 'extracted' | 'correct'>): Verdict {
  if (row.correct) return 'correct';
  return row.extracted === null || row.extracted === '' ? 'unparsed' : 'wrong';
}

export function keepItem(filter: ItemFilter, verdict: Verdict): boolean {
  if (filter === 'all') return true;
  if (filter === 'not-correct') return verdict !== 'correct';
  return verdict === filter;
}

/** The text a request put to the model: the raw prompt (base models: the query after the exemplars) or its last user turn. */
export function promptOf(request: Pick<EvalRequest, 'prompt' | 'messages'>): string {
  if (typeof request.prompt === 'string') return request.prompt;
  const users = (request.messages ?? []).filter((m) => m.role === 'user');
  return users.at(-1)?.content ?? '';
}


/** request id → prompt text, from requests.jsonl. */
export function promptsByRequest(text: string, file: string): Map<string, string> {
  const prompts = new Map<string, string>();
  for (const { value } of jsonObjects<EvalRequest>(text, file)) if (typeof value.id === 'string') prompts.set(value.id, promptOf(value));
  return prompts;
}

/** Every item of predictions.jsonl, in file order. */
export function resultItems(predictionsText: string, file: string, prompts: ReadonlyMap<string, string>): ResultItem[] {
  return jsonObjects<PredictionRow>(predictionsText, file).map(({ value: row, line }) => {
    if (typeof row.task !== 'string' || row.id === undefined) throw new Error(`${file}:${line}:1: a prediction needs "task" and "id"`);
    const id = String(row.id);
    const suffix = row.method === 'loglikelihood' ? '#ll' : '';
    const prompt = prompts.get(`${row.task}/${id}`) ?? prompts.get(`${row.task}/${id}${suffix}`) ?? '';
    return {
      task: row.task, id, prompt, response: String(row.response ?? ''), extracted: row.extracted ?? null, gold: String(row.answer ?? ''),
      verdict: verdictOf({ extracted: row.extracted ?? null, correct: !!row.correct }), ...(row.error ? { error: row.error } : {}),
    };
  });
}

export interface ItemCounts {
  all: number;
  correct: number;
  wrong: number;
  unparsed: number;
}

export function itemCounts(items: readonly ResultItem[]): ItemCounts {
  const counts: ItemCounts = { all: items.length, correct: 0, wrong: 0, unparsed: 0 };
  for (const item of items) counts[item.verdict]++;
  return counts;
}

/** The items a filter keeps, optionally of one task. */
export function filterItems(items: readonly ResultItem[], filter: ItemFilter, task?: string): ResultItem[] {
  return items.filter((item) => keepItem(filter, item.verdict) && (!task || item.task === task));
}
