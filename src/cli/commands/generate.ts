/** `alw generate`: greedy generation with an exported policy model and onnxruntime-node, as the engine does;
 * with --candidates, K sampled responses per prompt of a file (generateCandidates.ts). */
import { PolicyGenerator } from '../../engine/scoring/policyGenerator';
import { stringOption, UsageError, type ParsedArgs } from '../args';
import { candidatesCommand, candidatesHelp } from './generateCandidates';

const DEFAULT_MAX_NEW_TOKENS = 64;

export const generateHelp = `alw generate --model DIR --prompt P [--max-new-tokens N] [--json]
  Answer P greedily with an exported policy model (model.onnx + tokenizer files + alw_generation.json, as
  written by "python -m alw_trainer export-onnx --kind policy"). The prompt is one user turn, rendered with
  the model's chat template. Generation stops at an end-of-sequence token or after N new tokens (default
  ${DEFAULT_MAX_NEW_TOKENS}). --json prints {prompt, text, tokens}.

${candidatesHelp}`;

export async function generateCommand(args: ParsedArgs): Promise<number> {
  if (args.options.has('candidates')) return candidatesCommand(args);
  const model = stringOption(args, 'model');
  const prompt = stringOption(args, 'prompt');
  if (!model || prompt === undefined) throw new UsageError('generate needs --model DIR and --prompt P');
  const limit = stringOption(args, 'max-new-tokens') ?? String(DEFAULT_MAX_NEW_TOKENS);
  const maxNewTokens = Number(limit);
  if (!/^\d+$/.test(limit) || maxNewTokens < 1) throw new UsageError(`--max-new-tokens takes a positive integer (got "${limit}")`);
  const generator = await PolicyGenerator.load(model);
  const { text, tokens } = await generator.generate(prompt, maxNewTokens);
  if (args.options.has('json')) console.log(JSON.stringify({ prompt, text, tokens }));
  else console.log(text);
  return 0;
}
