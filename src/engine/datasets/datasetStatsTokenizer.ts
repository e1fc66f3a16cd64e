/**
 * The tokenizer the dataset statistics and the chat-template preview use: a Hugging Face folder (tokenizer.json,
 * tokenizer_config.json, chat_template.jinja) or a tokenizer.json file, loaded with the pure-JS
 * @huggingface/tokenizers (as the reward scorer does) and kept while the files are unchanged.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

export interface LoadedTokenizer {
  /** The folder or file it was loaded from. */
  source: string;
  tokenizer: Tokenizer;
  /** The chat template (tokenizer_config.json's chat_template or chat_template.jinja), if any. */
  chatTemplate: string | undefined;
  bosToken: string;
  eosToken: string;
  countTokens(text: string): number;
}

const cache = new Map<string, { stamp: string; loaded: LoadedTokenizer }>();

/** Loads `source` (folder or tokenizer.json); throws a message naming what is missing. */
export function loadTokenizer(source: string): LoadedTokenizer {
  const resolved = path.resolve(source);
  if (!existsSync(resolved)) throw new Error(`The tokenizer ${resolved} does not exist`);
  const dir = statSync(resolved).isDirectory() ? resolved : path.dirname(resolved);
  const jsonFile = statSync(resolved).isDirectory() ? path.join(dir, 'tokenizer.json') : resolved;
  if (!existsSync(jsonFile)) throw new Error(`${resolved} has no tokenizer.json (a Hugging Face tokenizer folder is expected)`);
  const configFile = path.join(dir, 'tokenizer_config.json');
  const templateFile = path.join(dir, 'chat_template.jinja');
  const stamp = [jsonFile, configFile, templateFile].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)).join(':');
  const cached = cache.get(resolved);
  if (cached?.stamp === stamp) return cached.loaded;

  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(jsonFile, 'utf8')), config);
  const template = typeof config.chat_template === 'string' ? config.chat_template
    : existsSync(templateFile) ? readFileSync(templateFile, 'utf8') : undefined;
  const special = (value: unknown) => (typeof value === 'string' ? value
    : value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string' ? (value as { content: string }).content : '');
  const loaded: LoadedTokenizer = {
    source: resolved, tokenizer, chatTemplate: template,
    bosToken: special(config.bos_token), eosToken: special(config.eos_token),
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length,
  };
  cache.set(resolved, { stamp, loaded });
  return loaded;
}

/**
 * The tokenizer configured for dataset checks, else the workspace's tiny model (`.alw/models/tiny`, what the
 * sample run configs build), else none.
 */
export function datasetTokenizerPath(configured: string | null | undefined, workspaceRoot: string | undefined): string | undefined {
  if (configured) return path.resolve(workspaceRoot ?? process.cwd(), configured);
  const tiny = workspaceRoot ? path.join(workspaceRoot, '.alw', 'models', 'tiny', 'tokenizer.json') : undefined;
  return tiny && existsSync(tiny) ? path.dirname(tiny) : undefined;
}
