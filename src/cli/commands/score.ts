/** `alw score`: reward-model scores of two responses with onnxruntime-node, like the Compare panel. */
import { preferencePair, readRecord } from '../../engine/datasets/records';
import { RewardScorer } from '../../engine/scoring/rewardScorer';
import { stringOption, UsageError, type ParsedArgs } from '../args';

export const scoreHelp = `alw score --model DIR (--record FILE:LINE | --prompt P --a RESPONSE --b RESPONSE) [--json]
  Score two responses with an exported reward model (model.onnx + tokenizer.json + alw_scoring.json, as
  written by "python -m alw_trainer export-onnx"). --record takes prompt/chosen/rejected from a preference
  JSONL record (LINE is 1-based).`;

export async function scoreCommand(args: ParsedArgs): Promise<number> {
  const model = stringOption(args, 'model');
  if (!model) throw new UsageError('score needs --model DIR');
  const record = stringOption(args, 'record');
  let prompt = stringOption(args, 'prompt');
  let responses = [stringOption(args, 'a'), stringOption(args, 'b')];
  if (record) {
    const match = /^(.*):(\d+)$/.exec(record);
    if (!match) throw new UsageError('--record takes FILE:LINE');
    const pair = preferencePair((await readRecord(match[1], Number(match[2]) - 1)).record, record);
    prompt = pair.prompt;
    responses = [pair.chosen, pair.rejected];
  }
  if (prompt === undefined || responses.some((r) => r === undefined)) throw new UsageError('score needs --prompt, --a and --b (or --record)');
  const scorer = await RewardScorer.load(model);
  const scores = [await scorer.score(prompt, responses[0]!), await scorer.score(prompt, responses[1]!)];
  if (args.options.has('json')) console.log(JSON.stringify({ prompt, responses, scores }));
  else {
    console.log(`prompt: ${prompt}`);
    responses.forEach((r, i) => console.log(`${'ab'[i]}  ${scores[i].toFixed(4)}  ${r}`));
  }
  return 0;
}
