/**
 * The judge behind a local Hugging Face chat model, run by the trainer (`stage: eval`): the rubric is rendered
 * by our code exactly as for a remote judge, and the verdict is read from the probabilities of A, B and C after
 * the verdict prefix (localJudgeRequests.ts). A whole batch is one trainer run (one model load); with a
 * rationale, two (the rationales first, then the verdicts after them).
 */
import * as path from 'node:path';
import { localVerdict, rationaleRequest, VERDICT_LABELS, verdictRequest } from '../../core/preferences/localJudgeRequests';
import type { TrainerRequest, TrainerResult } from '../../core/trainerRequests/trainerRequests';
import { modelFingerprint } from '../trainerRequests/modelFingerprint';
import { runTrainerRequests, TrainerRequestsCancelled, TrainerRequestsError } from '../trainerRequests/runTrainerRequests';
import { JudgeCancelledError, JudgeRequestError, type JudgeBackend, type JudgeReply } from './judgeBackend';
import { sha256 } from './judgeCache';

export interface LocalJudgeOptions {
  modelDir: string;
  python: string;
  /** Where run folders go (one per batch, named by its requests; kept when a run does not finish, for resume). */
  runsDir: string;
  /** Generate a rationale of at most this many tokens before the verdict; undefined: verdict only. */
  rationaleTokens?: number;
  batchSize?: number;
}

export class LocalChatJudge implements JudgeBackend {
  readonly endpoint: string;
  readonly model: string;
  readonly params: Record<string, number | string>;

  constructor(private readonly options: LocalJudgeOptions) {
    this.model = path.resolve(options.modelDir);
    try {
      this.endpoint = `local:${modelFingerprint(this.model)}`;
    } catch (error) {
      throw new JudgeRequestError((error as Error).message);
    }
    this.params = { verdict: 'choice_probs', labels: VERDICT_LABELS.join(','), rationale_tokens: options.rationaleTokens ?? 0 };
  }

  async complete(prompt: string, signal: AbortSignal): Promise<JudgeReply> {
    return (await this.completeAll([prompt], signal, () => {}))[0];
  }

  async completeAll(prompts: readonly string[], signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<JudgeReply[]> {
    const n = prompts.length;
    let rationales: string[] = prompts.map(() => '');
    if (this.options.rationaleTokens) {
      const max = this.options.rationaleTokens;
      const results = await this.run(prompts.map((p, i) => rationaleRequest(`rationale-${i}`, p, max)), signal, (d) => onProgress(Math.floor(d / 2), n));
      rationales = prompts.map((_, i) => results.get(`rationale-${i}`)?.responses?.[0] ?? '');
    }
    const offset = this.options.rationaleTokens ? n : 0;
    const scale = this.options.rationaleTokens ? 2 : 1;
    const results = await this.run(prompts.map((p, i) => verdictRequest(`verdict-${i}`, p, rationales[i])), signal, (d) => onProgress(Math.floor((offset + d) / scale), n));
    return prompts.map((_, i) => {
      const verdict = localVerdict(results.get(`verdict-${i}`), rationales[i]);
      return { text: verdict.text, retries: 0, ...(verdict.probs ? { probs: verdict.probs } : {}), ...(verdict.error ? { error: verdict.error } : {}) };
    });
  }

  private async run(requests: TrainerRequest[], signal: AbortSignal, onProgress: (done: number) => void): Promise<Map<string, TrainerResult>> {
    const runDir = path.join(this.options.runsDir, sha256(`${this.endpoint}\n${requests.map((r) => JSON.stringify(r)).join('\n')}`).slice(0, 24));
    try {
      return await runTrainerRequests(requests, {
        python: this.options.python, model: this.model, runDir, batchSize: this.options.batchSize, signal, onProgress: (d) => onProgress(d),
      });
    } catch (error) {
      if (error instanceof TrainerRequestsCancelled) throw new JudgeCancelledError();
      if (error instanceof TrainerRequestsError) throw new JudgeRequestError(error.message);
      throw error;
    }
  }
}
