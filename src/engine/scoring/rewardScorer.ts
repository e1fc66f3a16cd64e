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

interface ScoringSpec {
  chat_template: string;
  bos_token?: string;
  eos_token?: string;
  pad_token_id: number;
  max_length: number;
}

export class RewardScorer {
  private constructor(
    readonly modelDir: string,
    private readonly session: Ort.InferenceSession,
    private readonly ort: typeof Ort,
    private readonly tokenizer: Tokenizer,
    private readonly template: Template,
    private readonly spec: ScoringSpec,
  ) {}

  static async load(modelDir: string): Promise<RewardScorer> {
    const file = (name: string) => path.join(modelDir, name);
    for (const name of ['model.onnx', 'tokenizer.json', 'alw_scoring.json']) {
      if (!existsSync(file(name))) {
        throw new Error(`${modelDir} is not an exported reward model: ${name} is missing (export one with "python -m alw_trainer export-onnx")`);
      }
    }
    const spec = JSON.parse(readFileSync(file('alw_scoring.json'), 'utf8')) as ScoringSpec;
    const tokenizerConfig = existsSync(file('tokenizer_config.json'))
      ? JSON.parse(readFileSync(file('tokenizer_config.json'), 'utf8'))
      : {};
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(file('tokenizer.json'), 'utf8')), tokenizerConfig);
    // Loaded lazily so that editing datasets never pays for the native module.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(file('model.onnx'));
    return new RewardScorer(modelDir, session, ort, tokenizer, new Template(spec.chat_template), spec);
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
    const tensor = (values: number[]) =>
      new this.ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
    const output = await this.session.run({ input_ids: tensor(ids), attention_mask: tensor(ids.map(() => 1)) });
    const logits = output.logits ?? Object.values(output)[0];
    return Number((logits.data as Float32Array)[0]);
  }
}

/** Keeps one loaded scorer per model folder; reloads when the exported files change. */
export class ScorerCache {
  private readonly scorers = new Map<string, { mtime: number; scorer: Promise<RewardScorer> }>();

  get(modelDir: string): Promise<RewardScorer> {
    const dir = path.resolve(modelDir);
    const modelFile = path.join(dir, 'model.onnx');
    const mtime = existsSync(modelFile) ? statSync(modelFile).mtimeMs : 0;
    const cached = this.scorers.get(dir);
    if (cached && cached.mtime === mtime) return cached.scorer;
    const scorer = RewardScorer.load(dir);
    scorer.catch(() => this.scorers.delete(dir));
    this.scorers.set(dir, { mtime, scorer });
    return scorer;
  }
}

