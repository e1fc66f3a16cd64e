import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completeRunConfig, diagnoseRunConfig, hoverRunConfig, isRunConfig } from '../../src/engine/runConfigEditor/runConfigAssist';
import { lineContext } from '../../src/engine/runConfigEditor/yamlLocate';

const samples = path.resolve(__dirname, '../../../samples');

function docAt(file: string, text: string): TextDocument {
  return TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
}

/** [line, character] (1-based) of the start and the text a diagnostic covers. */
function located(document: TextDocument, d: { range: { start: any; end: any } }): [number, number, string] {
  return [d.range.start.line + 1, d.range.start.character + 1, document.getText(d.range)];
}

test('run configs are recognised by a top-level stage key in a YAML file', () => {
  assert.ok(isRunConfig('file:///w/runs/a.yaml', 'stage: sft\n'));
  assert.ok(isRunConfig('file:///w/a.alw.yml', '# c\nstage: pipeline\n'));
  assert.ok(!isRunConfig('file:///w/a.yaml', 'name: x\n  stage: sft\n'));
  assert.ok(!isRunConfig('file:///w/a.json', 'stage: sft\n'));
});

test('the bundled sample configs have no diagnostics', () => {
  for (const name of ['tiny-sft', 'tiny-reward', 'tiny-dpo', 'tiny-pretrain']) {
    const file = path.join(samples, 'runs', `${name}.yaml`);
    const document = docAt(file, require('node:fs').readFileSync(file, 'utf8'));
    assert.deepEqual(diagnoseRunConfig(document, file), [], name);
  }
});

test('diagnostics mark the bad key, the bad value and the missing file exactly', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-editor-'));
  writeFileSync(path.join(dir, 'train.jsonl'), '{"text": "نص"}\n');
  const file = path.join(dir, 'run.yaml');
  const text = [
    'stage: sft',
    'model: {path: model, create_tiny_if_missing: true}',
    'data:',
    '  train: [train.jsonl, gone.jsonl]',
    'method: lorra',
    'training:',
    '  learnin_rate: 0.01',
    '  max_steps: many',
    '',
  ].join('\n');
  const document = docAt(file, text);
  const found = diagnoseRunConfig(document, file).map((d) => [...located(document, d), d.severity, d.message as string] as const);
  const by = (covered: string) => found.find((f) => f[2] === covered);
  assert.deepEqual(by('lorra')?.slice(0, 2), [5, 9]);
  assert.match(by('lorra')![4], /method: must be one of: full, lora, qlora/);
  assert.deepEqual(by('learnin_rate')?.slice(0, 4), [7, 3, 'learnin_rate', 2]);
  assert.match(by('learnin_rate')![4], /unknown key "learnin_rate" in training/);
  assert.deepEqual(by('many')?.slice(0, 2), [8, 14]);
  assert.match(by('many')![4], /training\.max_steps: must be a whole number/);
  assert.deepEqual(by('gone.jsonl')?.slice(0, 2), [4, 24]);
  assert.match(by('gone.jsonl')![4], /data\.train\[1\]: training data not found: .*gone\.jsonl/);
  assert.equal(found.length, 4, JSON.stringify(found));
});

test('training.max_steps other than -1 or a positive count is marked at its value', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-editor-'));
  writeFileSync(path.join(dir, 'train.jsonl'), '{"text": "نص"}\n');
  const file = path.join(dir, 'run.yaml');
  for (const [value, message] of [['-3', 'must be -1 or >= 1'], ['0', 'must be -1 or >= 1'], ['2.5', 'must be a whole number']]) {
    const document = docAt(file, `stage: pretrain\nmodel: {path: model, create_tiny_if_missing: true}\ndata: {train: train.jsonl}\ntraining:\n  max_steps: ${value}\n`);
    const found = diagnoseRunConfig(document, file).map((d) => [...located(document, d), d.message as string]);
    assert.deepEqual(found, [[5, 14, value, `training.max_steps: ${message}`]], value);
  }
  for (const value of ['-1', '1', '500']) {
    const document = docAt(file, `stage: pretrain\nmodel: {path: model, create_tiny_if_missing: true}\ndata: {train: train.jsonl}\ntraining:\n  max_steps: ${value}\n`);
    assert.deepEqual(diagnoseRunConfig(document, file), [], value);
  }
});

test('a wrong stage, a YAML syntax error and a broken pipeline reference are located', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alw-editor-'));
  const file = path.join(dir, 'p.yaml');
  const stage = docAt(file, 'stage: sfft\nmodel: m\n');
  assert.deepEqual(diagnoseRunConfig(stage, file).map((d) => located(stage, d)), [[1, 8, 'sfft']]);
  const broken = docAt(file, 'stage: sft\ntraining: {max_steps: 4\n');
  const syntax = diagnoseRunConfig(broken, file);
  assert.equal(syntax.length >= 1, true);
  assert.match(syntax[0].message as string, /^YAML: /);
  writeFileSync(path.join(dir, 'a.yaml'), 'stage: sft\nmodel: {path: m, create_tiny_if_missing: true}\ndata: {train: a.yaml}\n');
  const pipeline = docAt(file, 'stage: pipeline\nstages:\n  - name: first\n    config: a.yaml\n    model_from: later\n  - name: second\n    config: none.yaml\n');
  const problems = diagnoseRunConfig(pipeline, file).map((d) => [...located(pipeline, d), d.message as string]);
  assert.deepEqual(problems.map((p) => p.slice(0, 3)), [[5, 17, 'later'], [7, 13, 'none.yaml']]);
  assert.match(problems[0][3] as string, /"later" is not an earlier stage/);
  assert.match(problems[1][3] as string, /Run config not found: .*none\.yaml/);
});

test('the line context follows indentation, list items included, in a half-typed document', () => {
  const text = 'stage: pipeline\nstages:\n  - name: a\n    conf\n  - na\ntraining:\n  max_steps: 3\n  lear\n';
  assert.deepEqual(lineContext(text, 3, 8), { parent: ['stages', 0], prefix: 'conf', siblings: ['name'] });
  assert.deepEqual(lineContext(text, 4, 6).parent, ['stages', 0]);
  assert.deepEqual(lineContext(text, 7, 6), { parent: ['training'], prefix: 'lear', siblings: ['max_steps'] });
  assert.deepEqual(lineContext(text, 0, 9), { parent: [], valueKey: 'stage', prefix: 'pi', siblings: ['stages', 'training'] });
});

test('completion offers training keys under training:, enum values after a key, and hover explains keys', () => {
  const text = 'stage: sft\nmethod: \ntraining:\n  max_steps: 3\n  \nlauncher:\n  type: accelerate\n';
  const document = docAt('/w/run.yaml', text);
  const keys = completeRunConfig(document, { line: 4, character: 2 });
  const rate = keys.find((k) => k.label === 'learning_rate');
  assert.ok(rate, keys.map((k) => k.label).join(','));
  assert.equal(rate.insertText, 'learning_rate: $0');
  assert.match(rate.detail!, /number, default 0\.00005/);
  assert.ok(!keys.some((k) => k.label === 'max_steps'), 'keys already there are not offered again');
  const methods = completeRunConfig(document, { line: 1, character: 8 }).map((k) => k.label);
  assert.deepEqual(methods, ['full', 'lora', 'qlora']);
  const topLevel = completeRunConfig(document, { line: 4, character: 0 }).map((k) => k.label);
  assert.ok(topLevel.includes('lora') && topLevel.includes('output_dir') && !topLevel.includes('training'), topLevel.join(','));

  const hover = hoverRunConfig(document, { line: 3, character: 4 });
  assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
  assert.match(hover.contents.value, /\*\*training\.max_steps\*\* \(integer, default -1\)/);
  assert.match(hover.contents.value, /Optimizer steps/);
  assert.deepEqual(hover.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } });
  const onValue = hoverRunConfig(document, { line: 6, character: 12 });
  assert.match((onValue!.contents as any).value, /launcher\.type.*\n\n.*accelerate launch[\s\S]*One of: `local`, `accelerate`/);
});
