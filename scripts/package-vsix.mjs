#!/usr/bin/env node
// Builds the extension and packages it as a platform-specific .vsix (linux-x64) with @vscode/vsce,
// then checks what went into it. The package ships onnxruntime-node (a production dependency) with its
// linux-x64 binaries only (.vscodeignore drops darwin/win32/linux-arm64), hence `--target linux-x64`.
//
// Usage: node scripts/package-vsix.mjs [--no-build] [--out FILE] [--target linux-x64]
// Prints the .vsix path on its last line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const target = option('--target', 'linux-x64');
const out = path.resolve(option('--out', path.join(root, 'dist-vsix', `${pkg.name}-${target}-${pkg.version}.vsix`)));
const started = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)}s`;

function run(cmd, cmdArgs, what) {
  const t = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' } });
  const noise = /Unknown user config "nodedir"|^\s*$/;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => !noise.test(l)).join('\n');
  if (r.status !== 0) {
    console.error(output);
    console.error(`[package-vsix] ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`[package-vsix] ${what}: ok (${secs(t)})`);
  return output;
}

if (!args.includes('--no-build')) run('npm', ['run', '--silent', 'build'], 'npm run build');
for (const f of ['dist/extension.js', 'dist/engine.js']) {
  if (!existsSync(path.join(root, f))) { console.error(`[package-vsix] ${f} is missing: the build did not produce it`); process.exit(1); }
}

mkdirSync(path.dirname(out), { recursive: true });
const vsceArgs = ['package', '--no-yarn', '--target', target, '--out', out];
// Without a repository URL vsce cannot turn README's relative links into absolute ones: keep them relative
// (VS Code resolves them against the installed extension folder; docs/images/ ships for that reason).
if (!pkg.repository) vsceArgs.push('--allow-missing-repository', '--no-rewrite-relative-links');
if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => existsSync(path.join(root, f)))) vsceArgs.push('--skip-license');
const vsceOutput = run(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), ...vsceArgs], `vsce ${vsceArgs.join(' ')}`);
for (const line of vsceOutput.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
  if (/WARNING|warn/i.test(line) && !/you should bundle your extension/.test(line)) console.log(`[package-vsix]   vsce: ${line.trim()}`);
}

// ---------- check the contents ----------
/** File names in a zip, from its central directory. */
function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    names.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size: buf.readUInt32LE(at + 24) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

const entries = zipEntries(out);
const names = entries.map((e) => e.name);
// vsce stores README.md/CHANGELOG.md/LICENSE as extension/readme.md, changelog.md, LICENSE.txt: compare without case
const lower = names.map((n) => n.toLowerCase());
const has = (prefix) => lower.some((n) => n === prefix.toLowerCase() || n.startsWith(prefix.toLowerCase()));
const problems = [];
const required = [
  'extension/package.json', 'extension/dist/extension.js', 'extension/dist/engine.js',
  `extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node`,
  'extension/node_modules/onnxruntime-node/dist/index.js', 'extension/node_modules/onnxruntime-common/',
];
for (const dir of ['media', 'l10n', 'syntaxes', 'dist/webview', 'rubrics']) {
  const full = path.join(root, dir);
  if (existsSync(full) && readdirSync(full).length > 0) required.push(`extension/${dir}/`);
}
for (const f of readdirSync(root)) {
  if (/^package\.nls(\.[\w-]+)?\.json$/.test(f)) required.push(`extension/${f}`);
  else if (/^(README|CHANGELOG)\.md$/i.test(f)) required.push(`extension/${f}`);
  else if (/^LICENSE(\.md|\.txt)?$/i.test(f)) required.push('extension/LICENSE');
}
if (existsSync(path.join(root, 'trainer/pyproject.toml'))) required.push('extension/trainer/pyproject.toml', 'extension/trainer/alw_trainer/__init__.py');
for (const r of required) if (!has(r)) problems.push(`missing ${r}`);

const forbidden = [
  [/^extension\/((src|test|out|scripts|bench|\.venv|\.cache|\.alw|test-results|dist-vsix)\/|docs\/(?!images\/))/, 'sources, tests or local state'],
  [/\/__pycache__\/|\.pyc$|\.egg-info\//, 'Python build artefacts'],
  [/(^|\/)\.alw\//, 'run folders'],
  [/onnxruntime-node\/bin\/napi-v6\/(darwin|win32|linux\/arm64)\//, 'non-linux-x64 onnxruntime binaries'],
  [/\.map$/, 'source maps'],
  [/^extension\/node_modules\/(typescript|esbuild|@esbuild|mocha|playwright-core|@vscode\/vsce|@vscode\/test-electron|@types)\//, 'dev dependencies'],
];
for (const [re, what] of forbidden) {
  const hits = names.filter((n) => re.test(n));
  if (hits.length) problems.push(`${what}: ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ` (+${hits.length - 5})` : ''}`);
}
const trainerFiles = names.filter((n) => n.startsWith('extension/trainer/'));
const oddTrainer = trainerFiles.filter((n) => !/\.(py|toml|txt|md|typed|jinja|json|cfg|yaml)$/.test(n));
if (oddTrainer.length) problems.push(`unexpected files under trainer/: ${oddTrainer.slice(0, 5).join(', ')}`);

const size = statSync(out).size;
const top = {};
for (const e of entries) {
  const key = e.name.split('/').slice(0, e.name.startsWith('extension/node_modules/') ? 3 : 2).join('/');
  top[key] = (top[key] ?? 0) + e.size;
}
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
console.log(`[package-vsix] ${path.relative(root, out)}: ${entries.length} files, ${mb(size)} (uncompressed by folder: ${
  Object.entries(top).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k.replace(/^extension\//, '')} ${mb(v)}`).join(', ')})`);
if (problems.length) {
  console.error(`[package-vsix] the package is wrong:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`[package-vsix] contents checked; done in ${secs(started)}`);
console.log(out);
