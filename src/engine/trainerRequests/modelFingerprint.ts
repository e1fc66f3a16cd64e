/**
 * A model folder's fingerprint, as the requests contract defines the trainer's `model_fingerprint`: SHA-256
 * over config.json, the tokenizer files and the weight files' names, sizes and modification times (not their
 * bytes, so a multi-gigabyte checkpoint costs a few stat calls). A retrained or re-saved model changes it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const MODEL_FILE = /^(config\.json|adapter_config\.json|generation_config\.json|tokenizer.*|special_tokens_map\.json|vocab\.(json|txt)|merges\.txt|.*\.model|.*\.safetensors|.*\.bin|.*\.safetensors\.index\.json|.*\.bin\.index\.json)$/;

export function modelFingerprint(dir: string): string {
  const hash = createHash('sha256');
  const names = readdirSync(dir).filter((name) => MODEL_FILE.test(name)).sort();
  if (!names.includes('config.json') && !names.includes('adapter_config.json')) throw new Error(`${dir}: not a Hugging Face model or adapter folder (no config.json or adapter_config.json)`);
  for (const name of names) {
    const stat = statSync(path.join(dir, name));
    hash.update(`${name}\0${stat.size}\0${Math.round(stat.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}
