import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const properties = manifest.contributes.configuration.properties as Record<string, { markdownDescription?: string; description?: string }>;
const restricted = new Set<string>(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);

function description(key: string): string {
  const text = properties[key].markdownDescription ?? properties[key].description ?? '';
  return text.startsWith('%') ? nls[text.slice(1, -1)] ?? '' : text;
}

test('every setting that names a path on disk, or a program or package to run, is restricted in untrusted workspaces', () => {
  // A workspace's .vscode/settings.json must not point the engine at files outside it or at a program to run.
  const namesPath = Object.keys(properties).filter((key) => /Relative paths are resolved/.test(description(key)));
  const runs = ['arabicLLM.python.interpreter', 'arabicLLM.python.torchRequirement'];
  assert.ok(namesPath.length >= 6, 'the descriptions still say which settings are paths');
  for (const key of [...namesPath, ...runs]) assert.ok(restricted.has(key), `${key} is not in restrictedConfigurations`);
});

test('restrictedConfigurations names only settings that exist', () => {
  for (const key of restricted) assert.ok(key in properties, `${key} is not a contributed setting`);
});
