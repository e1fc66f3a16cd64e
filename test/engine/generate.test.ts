/**
 * Greedy generation in the real engine process from a policy the real trainer exported to ONNX, checked
 * token for token against PyTorch's `model.generate(do_sample=False)` on the same model: the tiny Llama after
 * a short SFT run (an untrained one only repeats one token; the trained one ends its answer with the eos id).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Methods } from '../../src/protocol';
import { EngineClient, repoRoot } from './engineClient';

const python = process.env.ALW_PYTHON ?? path.join(repoRoot, '.venv/bin/python');
const workspace = mkdtempSync(path.join(tmpdir(), 'alw-generate-'));
const modelDir = path.join(workspace, 'sft-output');
const onnxDir = path.join(workspace, 'policy-onnx');
const offline = { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
let engine: EngineClient;

const REFERENCE = `
import json, sys
from transformers import AutoModelForCausalLM, AutoTokenizer
model_dir, prompt, max_new = sys.argv[1], sys.argv[2], int(sys.argv[3])
tokenizer = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForCausalLM.from_pretrained(model_dir, dtype="float32").eval()
ids = tokenizer.apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt", return_dict=True)
out = model.generate(**ids, do_sample=False, max_new_tokens=max_new, pad_token_id=tokenizer.pad_token_id)
tokens = out[0, ids["input_ids"].shape[1]:].tolist()
print(json.dumps({"tokens": tokens, "text": tokenizer.decode(tokens, skip_special_tokens=True)}))
`;

before(async () => {
  const trainer = (args: string[]) => execFileSync(python, ['-m', 'alw_trainer', ...args], { env: offline, stdio: 'ignore' });
  cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true, filter: (src) => !src.includes(`${path.sep}.alw`) });
  const config = path.join(workspace, 'runs', 'tiny-sft.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/max_steps: .*/, 'max_steps: 20').replace(/save_steps: .*/, 'save_steps: 1000'));
  trainer(['run', config, '--output-dir', modelDir]);
  trainer(['export-onnx', '--kind', 'policy', '--model', modelDir, '--out', onnxDir]);
  engine = await EngineClient.start(workspace, { python });
});
after(async () => {
  await engine?.stop();
});

test('generates the same greedy tokens and text as PyTorch generate(do_sample=False), stopping at eos or the budget', async () => {
  const prompt = 'اكتب جملة ترحيب قصيرة (a short welcome) لعام 2026.';
  const eos = (JSON.parse(readFileSync(path.join(onnxDir, 'alw_generation.json'), 'utf8')) as { eos_token_ids: number[] }).eos_token_ids;
  for (const maxNewTokens of [1, 16]) {
    const result = await engine.request(Methods.generate, { modelDir: onnxDir, prompt, maxNewTokens });
    const reference = JSON.parse(execFileSync(python, ['-c', REFERENCE, modelDir, prompt, String(maxNewTokens)], { env: offline, encoding: 'utf8' })) as
      { tokens: number[]; text: string };
    assert.ok(reference.tokens.length > 0 && reference.tokens.length <= maxNewTokens);
    assert.deepEqual(result.tokens, reference.tokens, `maxNewTokens ${maxNewTokens}`);
    assert.equal(result.text, reference.text);
    assert.equal(result.modelDir, onnxDir);
    assert.ok(result.inferenceMs > 0);
  }
  const long = await engine.request(Methods.generate, { modelDir: onnxDir, prompt, maxNewTokens: 16 });
  assert.ok(long.tokens.length < 16 && eos.includes(long.tokens.at(-1)!), `stops at an eos id: ${JSON.stringify(long.tokens)}`);

  // A re-export (a new model.onnx mtime) loads a new session and releases the old one; answers stay the same.
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(onnxDir, 'model.onnx'), later, later);
  const reloaded = await Promise.all([1, 2].map(() => engine.request(Methods.generate, { modelDir: onnxDir, prompt, maxNewTokens: 16 })));
  for (const again of reloaded) assert.deepEqual(again.tokens, long.tokens);
});

test('a folder without an exported policy is refused with what is missing', async () => {
  await assert.rejects(engine.request(Methods.generate, { modelDir, prompt: 'مرحبا', maxNewTokens: 4 }),
    /is not an exported policy model: model\.onnx is missing/);
});
