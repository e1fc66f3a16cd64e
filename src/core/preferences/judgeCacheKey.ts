/**
 * What a cached judge reply is keyed by: the endpoint, the model, the rubric's hash, the prompt, the responses in
 * the slots A and B, the order and the sample index (plus the record's dialect and the generation settings, which
 * change the reply). The API
 * key is never part of it. The engine hashes this canonical text into a file name.
 */
import type { JudgeOrder } from './judgeOrder';

export interface JudgeCacheKeyParts {
  endpoint: string;
  model: string;
  rubricHash: string;
  prompt: string;
  answerA: string;
  answerB: string;
  /** The record's dialect ('' for none): the rubric renders it. */
  dialect: string;
  order: JudgeOrder;
  sample: number;
  params: Record<string, number | string>;
}

/** Canonical JSON (fixed field order, sorted params) so equal parts always give equal text. */
export function judgeCacheKeyText(parts: JudgeCacheKeyParts): string {
  const params = Object.fromEntries(Object.entries(parts.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([
    'alw-judge-v1', normalizeEndpoint(parts.endpoint), parts.model, parts.rubricHash, parts.prompt,
    parts.answerA, parts.answerB, parts.dialect, parts.order, parts.sample, params,
  ]);
}

/** `http://Host:8000/v1/` and `http://host:8000/v1` are one endpoint. */
export function normalizeEndpoint(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/i.exec(trimmed);
  return scheme ? `${scheme[1].toLowerCase()}${scheme[2].toLowerCase()}${scheme[3]}` : trimmed;
}
