/**
 * The model requests of a benchmark run (the trainer's `stage: eval` contract, REQUESTS-FORMAT): each item's
 * prompt in the definition's formats (the AceGPT harness's by default) and, per method, a `generate` request
 * (the raw response, read later by an extraction) or a `loglikelihood` request (one continuation per answer).
 *
 * Base models get the definition's `base_setting` (MMLU, EXAMs: 5-shot from dev, the `سؤال: … إجابة:` format;
 * ACVA: zero-shot) as a raw `prompt`; chat models its `chat_setting` (zero-shot with the instruction) as one user
 * message, rendered by the model's own chat template. Few-shot exemplars go in `shots`, the first one carrying
 * the instruction line, so `shots.join('') + prompt` is the harness's prompt to the character and the trainer
 * can drop exemplars last first when the context is too long.
 */
import type { BenchmarkDefinition } from './benchmarkDefinition';

export type EvalMethod = 'generative' | 'loglikelihood';
export const EVAL_METHODS = ['generative', 'loglikelihood', 'both'] as const;

/** One benchmark item as read from its data file. */
export interface EvalItem {
  task: string;
  /** The item's id field, or its 0-based place in its task (MMLU rows: the harness's query_id). */
  key: string;
  record: Record<string, unknown>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface EvalRequest {
  id: string;
  type: 'generate' | 'loglikelihood';
  prompt?: string;
  messages?: ChatMessage[];
  shots?: string[];
  max_new_tokens?: number;
  temperature?: number;
  continuations?: string[];
}

/** A request and what scoring its result needs. */
export interface PlannedRequest {
  request: EvalRequest;
  method: EvalMethod;
  task: string;
  key: string;
  /** The gold answer as in the data. */
  gold: string;
  /** The answer each continuation stands for (loglikelihood): option labels, or the yes/no canonical labels. */
  answers?: string[];
  /** Exemplars asked for (`--shots`, else the definition's); the request may carry fewer when the dev split has fewer. */
  shotsRequested: number;
}

export interface PlanOptions {
  methods: readonly EvalMethod[];
  /** Chat model: the definition's chat setting as messages. */
  chat?: boolean;
  /** Items per task (the first ones, in file order). */
  limit?: number;
  /** Exemplars per item instead of the definition's `few_shot.shots`. */
  shots?: number;
}

type Prompts = {
  few_shot?: { shots: number; split?: string; instruction?: string; example: string; query: string };
  zero_shot?: { template: string; query?: string; response_prefix?: string };
  base_setting?: 'few_shot' | 'zero_shot';
  chat_setting?: 'few_shot' | 'zero_shot';
};

export function promptsOf(definition: BenchmarkDefinition): Prompts {
  return (definition.prompts ?? {}) as Prompts;
}

/** The setting a model gets: the definition's for its kind, or the only one it has. */
export function settingOf(definition: BenchmarkDefinition, chat: boolean): 'few_shot' | 'zero_shot' {
  const prompts = promptsOf(definition);
  const wanted = (chat ? prompts.chat_setting : prompts.base_setting) ?? (chat ? 'zero_shot' : 'few_shot');
  if (prompts[wanted]) return wanted;
  const other = wanted === 'few_shot' ? 'zero_shot' : 'few_shot';
  if (prompts[other]) return other;
  throw new Error(`benchmark ${definition.name} has no prompts (prompts.few_shot or prompts.zero_shot): alw eval run cannot ask its items`);
}

/** The split exemplars come from, when the setting is few-shot. */
export function shotSplit(definition: BenchmarkDefinition, chat: boolean): string | undefined {
  return settingOf(definition, chat) === 'few_shot' ? promptsOf(definition).few_shot!.split ?? 'dev' : undefined;
}

/** Fills {name} placeholders; one the template names but the item lacks is an error (as Python's str.format). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>, what: string): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${what}: the template needs {${name}}, which this item does not have`);
    return values[name];
  });
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function itemValues(definition: BenchmarkDefinition, item: EvalItem): Record<string, string> {
  const values: Record<string, string> = {
    task: item.task,
    task_ar: (((definition.task_names_ar ?? {}) as Record<string, string>)[item.task] ?? item.task).replace(/_/g, ' '),
  };
  // Stripped, as the harness does (`str(x).strip()` on every field).
  for (const [key, value] of Object.entries(item.record)) {
    if (value !== null && typeof value !== 'object') values[key] = text(value).trim();
  }
  return values;
}

const where = (item: EvalItem) => `${item.task}/${item.key}`;

/** The context of one item: a raw prompt with its exemplars (base models) or one user message (chat models). */
export function itemContext(
  definition: BenchmarkDefinition, item: EvalItem, exemplars: readonly EvalItem[], chat: boolean,
): { prompt?: string; shots?: string[]; messages?: ChatMessage[] } {
  const prompts = promptsOf(definition);
  const values = itemValues(definition, item);
  if (settingOf(definition, chat) === 'few_shot') {
    const fewShot = prompts.few_shot!;
    const instruction = fillTemplate(fewShot.instruction ?? '', values, where(item));
    const examples = exemplars.map((e) => fillTemplate(fewShot.example, itemValues(definition, e), `${where(item)} (exemplar ${where(e)})`));
    const query = fillTemplate(fewShot.query, values, where(item));
    if (chat) return { messages: [{ role: 'user', content: instruction + examples.join('') + query }] };
    if (!examples.length) return { prompt: instruction + query, shots: [] };
    return { prompt: query, shots: [instruction + examples[0], ...examples.slice(1)] };
  }
  const zeroShot = prompts.zero_shot!;
  const query = zeroShot.query ? fillTemplate(zeroShot.query, values, where(item)) : text(item.record.question ?? item.record.query).trim();
  const prompt = fillTemplate(zeroShot.template, { ...values, query }, where(item));
  if (chat) return { messages: [{ role: 'user', content: prompt }] };
  return { prompt: prompt + (zeroShot.response_prefix ?? '') };
}

/** The answers a loglikelihood request weighs, and the continuation text of each (after a space in a raw prompt). */
export function answerChoices(definition: BenchmarkDefinition): string[] {
  if (definition.kind === 'mcq') return [...definition.choices!.labels];
  if (definition.kind === 'yesno') return [definition.labels!.yes[0], definition.labels!.no[0]];
  throw new Error(`benchmark ${definition.name} is judged (kind ${definition.kind}): alw eval run does not run it yet`);
}

function shotsWanted(definition: BenchmarkDefinition, chat: boolean, override: number | undefined): number {
  if (settingOf(definition, chat) !== 'few_shot') return 0;
  return override ?? promptsOf(definition).few_shot!.shots;
}

/**
 * Every request of the run, task by task in the definition's order, items in file order (the first `limit`),
 * generative before loglikelihood per item. Exemplars are the task's first ones of the shot split; when that
 * split is the one evaluated, an item is never its own exemplar (it then gets the next one, if any).
 */
export function planRequests(
  definition: BenchmarkDefinition,
  items: ReadonlyMap<string, readonly EvalItem[]>,
  exemplarPool: ReadonlyMap<string, readonly EvalItem[]>,
  options: PlanOptions,
): PlannedRequest[] {
  const chat = !!options.chat;
  const wanted = shotsWanted(definition, chat, options.shots);
  const generation = (definition.generation ?? {}) as { max_new_tokens?: number; temperature?: number; do_sample?: boolean };
  const answers = answerChoices(definition);
  const both = options.methods.length > 1;
  const order = [...(definition.tasks ?? []).filter((t) => items.has(t)), ...[...items.keys()].filter((t) => !definition.tasks?.includes(t))];
  const planned: PlannedRequest[] = [];
  for (const task of order) {
    const pool = exemplarPool.get(task) ?? [];
    for (const item of (items.get(task) ?? []).slice(0, options.limit ?? Infinity)) {
      const exemplars = pool.filter((e) => !sameItem(e, item)).slice(0, wanted);
      const context = itemContext(definition, item, exemplars, chat);
      const gold = text(item.record.answer).trim();
      const id = `${task}/${item.key}`;
      const base = { task, key: item.key, gold, shotsRequested: wanted };
      if (options.methods.includes('generative')) {
        const request: EvalRequest = { id, type: 'generate', ...context, max_new_tokens: generation.max_new_tokens ?? 10 };
        if (generation.do_sample && generation.temperature) request.temperature = generation.temperature;
        planned.push({ ...base, request, method: 'generative' });
      }
      if (options.methods.includes('loglikelihood')) {
        // lm-eval's MMLU convention: the option letter after a space ("إجابة: A"); a chat turn starts with the answer.
        const continuations = answers.map((a) => (context.prompt !== undefined ? ` ${a}` : a));
        const request: EvalRequest = { id: both ? `${id}#ll` : id, type: 'loglikelihood', ...context, continuations };
        planned.push({ ...base, request, method: 'loglikelihood', answers });
      }
    }
  }
  const ids = new Set<string>();
  for (const { request } of planned) {
    if (ids.has(request.id)) throw new Error(`two items of ${definition.name} have the id "${request.id}": request ids must be unique`);
    ids.add(request.id);
  }
  return planned;
}

/** The same item read from the same split twice (exemplars from the evaluated split). */
function sameItem(a: EvalItem, b: EvalItem): boolean {
  return a.task === b.task && a.key === b.key && JSON.stringify(a.record) === JSON.stringify(b.record);
}
