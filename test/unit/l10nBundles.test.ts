/**
 * The English and Arabic UI strings stay in step with the code: every `vscode.l10n.t` message of the client is
 * in l10n/bundle.l10n.json and translated in bundle.l10n.ar.json with the same {N} placeholders, and every
 * %key% of package.json is in package.nls.json and package.nls.ar.json.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const ARABIC_LETTER = /[\u0621-\u064A]/;
const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** The first argument of each `l10n.t(...)` call: a string literal (a template literal would have no fixed key). */
function l10nMessages(): { file: string; message: string }[] {
  const messages: { file: string; message: string }[] = [];
  for (const file of sourceFiles('src/extension')) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/l10n\.t\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|(`))/g)) {
      assert.equal(match[3], undefined, `${file}: l10n.t with a template literal cannot be translated`);
      const raw = match[1] ?? match[2];
      messages.push({ file, message: JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) });
    }
  }
  return messages;
}

test('every l10n.t message of the client is in the English bundle and translated into Arabic with the same placeholders', () => {
  const english = readJson('l10n/bundle.l10n.json');
  const arabic = readJson('l10n/bundle.l10n.ar.json');
  const messages = l10nMessages();
  assert.ok(messages.length > 100, `found ${messages.length} messages`);
  const missing = messages.filter(({ message }) => !(message in english)).map(({ file, message }) => `${file}: ${message}`);
  assert.deepEqual(missing, [], 'messages missing from l10n/bundle.l10n.json');
  assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort(), 'the Arabic bundle has the English keys');
  for (const [key, value] of Object.entries(arabic)) {
    assert.ok(ARABIC_LETTER.test(value) || !/[a-z]{3}/.test(key), `not translated: ${JSON.stringify(key)} → ${JSON.stringify(value)}`);
    assert.deepEqual(placeholders(value), placeholders(key), `placeholders of ${JSON.stringify(key)}`);
  }
});

test('every %key% of package.json is in package.nls.json and in its Arabic translation', () => {
  const keys = [...readFileSync(path.join(root, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  const english = readJson('package.nls.json');
  const arabic = readJson('package.nls.ar.json');
  assert.ok(keys.length > 20);
  assert.deepEqual(keys.filter((key) => !(key in english)), [], 'keys missing from package.nls.json');
  assert.deepEqual(Object.keys(arabic).sort(), Object.keys(english).sort(), 'package.nls.ar.json has the English keys');
  for (const [key, value] of Object.entries(arabic)) assert.ok(ARABIC_LETTER.test(value), `not translated: ${key} → ${value}`);
});

test('an Arabic package.json string links the same commands as its English one', () => {
  const links = (text: string) => [...text.matchAll(/\]\((command:[^)\s]+)\)/g)].map((m) => m[1]);
  const english = readJson('package.nls.json');
  const arabic = readJson('package.nls.ar.json');
  const linking = Object.keys(english).filter((key) => links(english[key]).length);
  assert.ok(linking.length >= 7, `${linking.length} strings with command links`); // viewsWelcome and the walkthrough's steps
  for (const key of linking) assert.deepEqual(links(arabic[key]), links(english[key]), `command links of ${key}`);
});
