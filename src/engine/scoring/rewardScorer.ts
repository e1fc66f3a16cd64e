/**
 * Scores responses with an exported reward model: the chat template (Jinja) formats prompt + response,
 * the Hugging Face tokenizer (pure JS) tokenizes, onnxruntime-node runs the sequence-classification graph.
 * The formatting mirrors the trainer's `score` command, so both give the same number.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import type * as Ort from 'onnxruntime-node';

/** The chat fields both manifests (alw_scoring.json, alw_generation.json) carry. */
export interface ChatModelSpec {
  chat_template: string;
  bos_token?: string;
  eos_token?: string;
  pad_token_id: number;
  max_length: number;
}

type ScoringSpec = ChatModelSpec;

/** What an exported ONNX chat model folder loads into: the session, its tokenizer, chat template and manifest. */
export interface OnnxChatModel<Spec extends ChatModelSpec> {
  session: Ort.InferenceSession;
  ort: typeof Ort;
  tokenizer: Tokenizer;
  template: Template;
  spec: Spec;
}

/** Loads model.onnx + tokenizer.json + `manifest` from a folder written by the trainer's export-onnx. */
export async function loadOnnxChatModel<Spec extends ChatModelSpec>(modelDir: string, manifest: string, kind: 'reward' | 'policy'): Promise<OnnxChatModel<Spec>> {
  const file = (name: string) => path.join(modelDir, name);
  for (const name of ['model.onnx', 'tokenizer.json', manifest]) {
    if (!existsSync(file(name))) {
      const how = kind === 'policy' ? 'python -m alw_trainer export-onnx --kind policy' : 'python -m alw_trainer export-onnx';
      throw new Error(`${modelDir} is not an exported ${kind} model: ${name} is missing (export one with "${how}")`);
    }
  }
  const spec = JSON.parse(readFileSync(file(manifest), 'utf8')) as Spec;
  const tokenizerConfig = existsSync(file('tokenizer_config.json'))
    ? JSON.parse(readFileSync(file('tokenizer_config.json'), 'utf8'))
    : {};
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(file('tokenizer.json'), 'utf8')), tokenizerConfig);
  // Loaded lazily so that editing datasets never pays for the native module.
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(file('model.onnx'));
  return { session, ort, tokenizer, template: new Template(spec.chat_template), spec };
}

/** An int64 [1, n] tensor, the shape of input_ids and attention_mask. */
export function int64Row(ort: typeof Ort, values: number[]): Ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
}

export class RewardScorer implements Releasable {
  private constructor(
    readonly modelDir: string,
    private readonly session: Ort.InferenceSession,
    private readonly ort: typeof Ort,
    private readonly tokenizer: Tokenizer,
    private readonly template: Template,
    private readonly spec: ScoringSpec,
  ) {}

  static async load(modelDir: string): Promise<RewardScorer> {
    const m = await loadOnnxChatModel<ScoringSpec>(modelDir, 'alw_scoring.json', 'reward');
    return new RewardScorer(modelDir, m.session, m.ort, m.tokenizer, m.template, m.spec);
  }

  release(): Promise<void> {
    return this.session.release();
  }

  format(prompt: string, response: string): string {
    return this.template.render({
      messages: [{ role: 'user', content: prompt }, { role: 'assistant', content: response }],
      bos_token: this.spec.bos_token ?? '',
      eos_token: this.spec.eos_token ?? '',
      add_generation_prompt: false,
    });
  }

  tokenize(prompt: string, response: string): number[] {
    const ids = this.tokenizer.encode(this.format(prompt, response), { add_special_tokens: false }).ids;
    return ids.slice(0, this.spec.max_length);
  }

  async score(prompt: string, response: string): Promise<number> {
    const ids = this.tokenize(prompt, response);
    const output = await this.session.run({ input_ids: int64Row(this.ort, ids), attention_mask: int64Row(this.ort, ids.map(() => 1)) });
    const logits = output.logits ?? Object.values(output)[0];
    return Number((logits.data as Float32Array)[0]);
  }
}

/** A loaded model that holds native memory (an onnxruntime session) until released. */
export interface Releasable {
  release(): Promise<void>;
}

interface Entry<T> {
  mtime: number;
  model: Promise<T>;
  users: number;
  stale: boolean;
}

/**
 * Keeps one loaded model per folder and reloads when the exported model.onnx changes. A replaced model's
 * session is released once the requests still using it are done, so re-exporting does not pile up sessions.
 */
export class ModelDirCache<T extends Releasable> {
  private readonly models = new Map<string, Entry<T>>();

  constructor(private readonly load: (modelDir: string) => Promise<T>) {}

  /** Runs `body` with the folder's current model; the model stays loaded at least until `body` settles. */
  async use<R>(modelDir: string, body: (model: T) => Promise<R>): Promise<R> {
    const entry = this.entry(path.resolve(modelDir));
    entry.users++;
    try {
      return await body(await entry.model);
    } finally {
      entry.users--;
      if (entry.stale && entry.users === 0) await releaseQuietly(entry.model);
    }
  }

  private entry(dir: string): Entry<T> {
    const modelFile = path.join(dir, 'model.onnx');
    const mtime = existsSync(modelFile) ? statSync(modelFile).mtimeMs : 0;
    const cached = this.models.get(dir);
    if (cached && cached.mtime === mtime) return cached;
    if (cached) {
      cached.stale = true;
      if (cached.users === 0) void releaseQuietly(cached.model);
    }
    const entry: Entry<T> = { mtime, model: this.load(dir), users: 0, stale: false };
    entry.model.catch(() => { if (this.models.get(dir) === entry) this.models.delete(dir); });
    this.models.set(dir, entry);
    return entry;
  }
}

async function releaseQuietly(model: Promise<Releasable>): Promise<void> {
  try {
    await (await model).release();
  } catch {
    // A model that failed to load holds nothing; a failed release leaves nothing else to do.
  }
}

/** One loaded reward scorer per model folder. */
export class ScorerCache extends ModelDirCache<RewardScorer> {
  constructor() {
    super((dir) => RewardScorer.load(dir));
  }
}
