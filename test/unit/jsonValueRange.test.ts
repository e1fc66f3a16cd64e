/**
 * jsonValueRange (the tree-free scan locateProblems uses) gives the same range as jsonc-parser's
 * findNodeAtLocation for every path of random one-line JSON records, and nothing for paths that are not there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { seededRandom } from '../../src/core/curation/seededRandom';
import { jsonValueRange } from '../../src/core/diagnostics/jsonValueRange';
import type { JsonPath } from '../../src/core/datasets/recordFields';

const random = seededRandom(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const blanks = () => pick(['', '', ' ', '  ', '\t', ' \t ']);
const STRINGS = ['', 'نص عربي', 'quote " inside', 'brace } and ] and ,', 'back\\slash', 'tab\there', 'رمز \u202e خفي', '😀 emoji', 'key'];
const KEYS = ['text', 'messages', 'role', 'content', 'a"b', 'مفتاح', 'x\\y', ''];

/** A random value and its one-line JSON text with random blanks between tokens. */
function value(depth: number): [unknown, string] {
  const kind = depth > 3 ? random() * 3 : random() * 5;
  if (kind < 1) { const s = pick(STRINGS); return [s, JSON.stringify(s)]; }
  if (kind < 2) { const n = pick([0, -1.5, 42, 1e21, 3.25]); return [n, JSON.stringify(n)]; }
  if (kind < 3) { const v = pick([true, false, null]); return [v, JSON.stringify(v)]; }
  if (kind < 4) {
    const items = Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return [items.map(([v]) => v), `[${blanks()}${items.map(([, t]) => t).join(`${blanks()},${blanks()}`)}${blanks()}]`];
  }
  const keys = [...new Set(Array.from({ length: Math.floor(random() * 4) }, () => pick(KEYS)))];
  const entries = keys.map((k) => [k, value(depth + 1)] as const);
  return [Object.fromEntries(entries.map(([k, [v]]) => [k, v])),
    `{${blanks()}${entries.map(([k, [, t]]) => `${JSON.stringify(k)}${blanks()}:${blanks()}${t}`).join(`${blanks()},${blanks()}`)}${blanks()}}`];
}

function paths(v: unknown, prefix: JsonPath = []): JsonPath[] {
  const found: JsonPath[] = [prefix];
  if (Array.isArray(v)) v.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) found.push(...paths(item, [...prefix, k]));
  return found;
}

function expected(line: string, path: JsonPath): [number, number] | undefined {
  const bom = line.startsWith('\uFEFF') ? 1 : 0;
  const node = findNodeAtLocation(parseTree(line.slice(bom))!, path);
  return node ? [node.offset + bom, node.offset + bom + node.length] : undefined;
}

test('jsonValueRange equals findNodeAtLocation on every path of 500 random records', () => {
  let checked = 0;
  for (let n = 0; n < 500; n++) {
    const [v, text] = value(0);
    const line = `${random() < 0.1 ? '\uFEFF' : ''}${blanks()}${text}${blanks()}`;
    JSON.parse(line.replace(/^\uFEFF/, '')); // the generator writes valid JSON
    for (const path of [...paths(v), ['missing'], [7], [...paths(v).at(-1)!, 'deeper'], [...paths(v).at(-1)!, 3]]) {
      assert.deepEqual(jsonValueRange(line, path), expected(line, path), `${JSON.stringify(path)} in ${line}`);
      checked++;
    }
  }
  assert.ok(checked > 2000, `${checked} paths`);
});

test('jsonValueRange takes the first of duplicate keys, as the tree does', () => {
  const line = '{"text": "أول", "text": "ثان", "n": [1, {"text": ""}]}';
  assert.deepEqual(jsonValueRange(line, ['text']), expected(line, ['text']));
  assert.deepEqual(jsonValueRange(line, ['n', 1, 'text']), [line.lastIndexOf('""'), line.lastIndexOf('""') + 2]);
});
