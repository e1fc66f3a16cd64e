/**
 * Judge replies on disk, one small JSON file per (endpoint, model, rubric hash, prompt, answers, order, sample),
 * named by the SHA-256 of the key text (judgeCacheKey.ts), so a re-run pays nothing twice. An entry holds the
 * reply text and usage only — never the API key. Entries are written atomically; an unreadable one is a miss.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { judgeCacheKeyText, type JudgeCacheKeyParts } from '../../core/preferences/judgeCacheKey';
import { writeFileAtomic } from '../shared/atomicWrite';
import type { JudgeUsage } from './judgeBackend';

export interface CachedReply {
  text: string;
  usage?: JudgeUsage;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export class JudgeCache {
  constructor(readonly dir: string) {}

  private file(parts: JudgeCacheKeyParts): string {
    const key = sha256(judgeCacheKeyText(parts));
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(parts: JudgeCacheKeyParts): CachedReply | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.file(parts), 'utf8')) as CachedReply;
      return typeof entry.text === 'string' ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  put(parts: JudgeCacheKeyParts, reply: CachedReply): void {
    const file = this.file(parts);
    mkdirSync(path.dirname(file), { recursive: true });
    const entry = { text: reply.text, ...(reply.usage ? { usage: reply.usage } : {}), model: parts.model, order: parts.order };
    writeFileAtomic(file, `${JSON.stringify(entry)}\n`);
  }
}
