/**
 * An `alw judge --report` file read back for review: per pair key, the outcome in the pair's own terms and
 * both orders' verdicts with the judge's rationale (docs/judge.md lists the report's fields).
 */
import { type JudgeOrder, type PairOutcome } from './judgeOrder';
import { parsePairwiseVerdict, type PairwiseVerdict } from './judgeVerdict';
import { pairHash, responseHash } from './pairHash';

export interface JudgeOrderView {
  order: JudgeOrder;
  verdict: PairwiseVerdict | null;
  rationale: string;
}

export interface JudgeView {
  /** In terms of the report's `first` response (`firstHash`). */
  outcome: PairOutcome | 'not-judged';
  firstHash: string;
  ab: JudgeOrderView | null;
  ba: JudgeOrderView | null;
  model?: string;
  source?: string;
  /** Texts, for scoring pairs that have no dataset at hand. */
  prompt: string;
  first: string;
  second: string;
}

const OUTCOMES = new Set(['first', 'second', 'tie', 'inconsistent', 'unparsed', 'not-judged']);

function orderView(value: unknown, order: JudgeOrder): JudgeOrderView | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as { verdict?: unknown; reply?: unknown };
  const verdict = o.verdict === 'A' || o.verdict === 'B' || o.verdict === 'C' ? o.verdict : null;
  return { order, verdict, rationale: typeof o.reply === 'string' ? parsePairwiseVerdict(o.reply).rationale : '' };
}

export function readJudgeReport(text: string, file: string): { verdicts: Map<string, JudgeView>; problems: string[] } {
  const verdicts = new Map<string, JudgeView>();
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    const where = `${file}:${index + 1}:1`;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(raw);
    } catch {
      problems.push(`${where}: not valid JSON`);
      return;
    }
    if (!r || typeof r !== 'object' || typeof r.prompt !== 'string' || typeof r.first !== 'string' || typeof r.second !== 'string' || !OUTCOMES.has(r.outcome as string)) {
      problems.push(`${where}: not a judge report line (prompt, first, second, outcome)`);
      return;
    }
    verdicts.set(pairHash(r.prompt, r.first, r.second), {
      outcome: r.outcome as JudgeView['outcome'], firstHash: responseHash(r.first),
      ab: orderView(r.ab, 'ab'), ba: orderView(r.ba, 'ba'),
      ...(typeof r.judge_model === 'string' ? { model: r.judge_model } : {}),
      ...(typeof r.source === 'string' ? { source: r.source } : {}),
      prompt: r.prompt, first: r.first, second: r.second,
    });
  });
  return { verdicts, problems };
}

/** The judge's outcome in terms of a pair whose first response has `firstHash`. */
export function judgeOutcomeFor(view: JudgeView, firstHash: string): JudgeView['outcome'] {
  if (view.firstHash === firstHash || (view.outcome !== 'first' && view.outcome !== 'second')) return view.outcome;
  return view.outcome === 'first' ? 'second' : 'first';
}
