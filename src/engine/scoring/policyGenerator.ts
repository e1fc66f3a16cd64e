/**
 * Greedy generation with an exported policy (a causal LM written by `export-onnx --kind policy`): the chat
 * template renders the user's prompt with the generation prompt, the Hugging Face tokenizer encodes it and
 * onnxruntime-node picks the most likely next token until an end-of-sequence id or the token budget.
 */
import type * as Ort from 'onnxruntime-node';
import { int64Row, loadOnnxChatModel, ModelDirCache, type ChatModelSpec, type OnnxChatModel, type Releasable } from './rewardScorer';

interface GenerationSpec extends ChatModelSpec {
  kind: 'policy';
  eos_token_ids: number[];
}

export interface Generation {
  text: string;
  /** The generated token ids (the prompt excluded; a final end-of-sequence id included, as PyTorch's generate does). */
  tokens: number[];
}

export class PolicyGenerator implements Releasable {
  private constructor(readonly modelDir: string, private readonly model: OnnxChatModel<GenerationSpec>) {}

  release(): Promise<void> {
    return this.model.session.release();
  }

  static async load(modelDir: string): Promise<PolicyGenerator> {
    return new PolicyGenerator(modelDir, await loadOnnxChatModel<GenerationSpec>(modelDir, 'alw_generation.json', 'policy'));
  }

  /** The prompt as the model sees it: one user turn followed by the assistant's opening. */
  promptIds(prompt: string): number[] {
    const { template, tokenizer, spec } = this.model;
    const text = template.render({
      messages: [{ role: 'user', content: prompt }],
      bos_token: spec.bos_token ?? '',
      eos_token: spec.eos_token ?? '',
      add_generation_prompt: true,
    });
    return tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  async generate(prompt: string, maxNewTokens: number): Promise<Generation> {
    const { spec, tokenizer } = this.model;
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new Error(`maxNewTokens must be a positive integer (got ${maxNewTokens})`);
    const ids = this.promptIds(prompt);
    if (ids.length >= spec.max_length) {
      throw new Error(`the prompt is ${ids.length} tokens; the exported model takes at most ${spec.max_length} (export with a larger --max-length)`);
    }
    const eos = new Set(spec.eos_token_ids);
    const tokens: number[] = [];
    // The graph has no KV cache, so every step re-runs the whole sequence: quadratic, fine for the small
    // models the editor previews, not a serving path.
    while (tokens.length < maxNewTokens && ids.length < spec.max_length) {
      const next = await this.nextToken(ids);
      ids.push(next);
      tokens.push(next);
      if (eos.has(next)) break;
    }
    return { text: tokenizer.decode(tokens, { skip_special_tokens: true }), tokens };
  }

  private async nextToken(ids: number[]): Promise<number> {
    const { session, ort } = this.model;
    const output = await session.run({ input_ids: int64Row(ort, ids), attention_mask: int64Row(ort, ids.map(() => 1)) });
    const logits = (output.logits ?? Object.values(output)[0]) as Ort.Tensor;
    const vocab = logits.dims[2];
    return argmax(logits.data as Float32Array, (ids.length - 1) * vocab, vocab);
  }
}

/** Index of the largest of `length` values from `start`; the first wins a tie, like torch.argmax. */
function argmax(values: Float32Array, start: number, length: number): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (values[start + i] > values[start + best]) best = i;
  return best;
}

/** One loaded policy per model folder. */
export class GeneratorCache extends ModelDirCache<PolicyGenerator> {
  constructor() {
    super((dir) => PolicyGenerator.load(dir));
  }
}
