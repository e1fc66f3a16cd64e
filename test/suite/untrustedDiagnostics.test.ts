/**
 * The dataset diagnostics an untrusted workspace gets from the extension host (no engine). The suites run in a
 * trusted workspace, so the test API creates the same provider an untrusted workspace gets, next to the engine:
 * its diagnostics must be the documented ones (there is no ALW014 without a tokenizer) and equal, field by
 * field, to what the engine publishes for the same file and settings.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension/api';
import type { UntrustedDiagnostics } from '../../src/extension/datasets/untrustedDiagnostics';
import { DiagnosticCodes } from '../../src/protocol';
import { expectedDiagnostics } from './expectedDiagnostics';
import { api, poll, withTimeout, workspaceFile } from './helpers';

const FILES = ['sft.jsonl', 'preferences.jsonl', 'pretrain.jsonl'] as const;
const ALW = /^ALW\d{3}$/;

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' && d.code !== null ? d.code.value : d.code ?? '');

/** Every field both hosts set, so two lists compare equal only if the user sees the same thing. */
function shown(d: vscode.Diagnostic) {
  const r = (range: vscode.Range) => `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
  return {
    range: r(d.range), severity: d.severity, code: codeOf(d), source: d.source, message: d.message,
    related: (d.relatedInformation ?? []).map((i) => `${i.location.uri.toString()} ${r(i.location.range)} ${i.message}`),
  };
}
const sorted = (list: readonly vscode.Diagnostic[]) =>
  list.filter((d) => ALW.test(codeOf(d))).map(shown).sort((a, b) => a.range.localeCompare(b.range, 'en', { numeric: true }) || a.code.localeCompare(b.code));

/** The engine's diagnostics of an open document once they stop changing (no in-host provider may be alive). */
async function engineDiagnostics(uri: vscode.Uri, atLeast: number): Promise<ReturnType<typeof sorted>> {
  let last = '';
  let stableSince = 0;
  return poll(() => {
    const now = sorted(vscode.languages.getDiagnostics(uri));
    const key = JSON.stringify(now);
    if (key !== last) { last = key; stableSince = Date.now(); return undefined; }
    return now.length >= atLeast && Date.now() - stableSince >= 1000 ? now : undefined;
  }, 30_000, `the engine's diagnostics of ${uri.fsPath} (last seen: ${last})`);
}

/** Resolves with the provider's diagnostics after its next check of `uri`. */
function nextCheck(provider: UntrustedDiagnostics, uri: vscode.Uri, what: string): Promise<readonly vscode.Diagnostic[]> {
  return withTimeout(new Promise((resolve) => {
    const listener = provider.onDidCheck((checked) => {
      if (checked.toString() !== uri.toString()) return;
      listener.dispose();
      resolve(provider.diagnostics(uri));
    });
  }), 10_000, what);
}

suite('Dataset diagnostics in an untrusted workspace (extension host, no engine)', () => {
  let workbench: WorkbenchApi;
  let provider: UntrustedDiagnostics | undefined;
  const temporary: string[] = [];

  suiteSetup(async function () {
    this.timeout(60_000);
    workbench = (await api()) as unknown as WorkbenchApi;
    await withTimeout(workbench.whenEngineReady(), 45_000, 'whenEngineReady()');
    assert.equal(workbench.untrustedDiagnostics, undefined, 'a trusted workspace has no in-host provider');
  });
  teardown(() => {
    provider?.dispose();
    provider = undefined;
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('arabicLLM').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  for (const file of FILES) {
    test(`${file}: the documented diagnostics, equal to the engine's`, async () => {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      const expected = expectedDiagnostics(file, document.getText()).filter((e) => e.code !== DiagnosticCodes.tooManyTokens);
      const engine = await engineDiagnostics(uri, expected.length);

      provider = workbench.createUntrustedDiagnostics(); // checks the open documents at once
      const ours = provider.diagnostics(uri);
      assert.deepEqual(
        ours.map((d) => ({ line: d.range.start.line + 1, code: codeOf(d), start: d.range.start.character,
          end: d.range.end.line === d.range.start.line ? d.range.end.character : -1 })).sort((a, b) => a.line - b.line || a.start - b.start),
        expected.map(({ line, code, start, end }) => ({ line, code, start, end })));
      assert.deepEqual(sorted(ours), engine, 'the same diagnostics as the engine');
      assert.ok(ours.every((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'arabic-llm'));
    });
  }

  test('arabicLLM.diagnostics.severity applies as in the engine (a code set to "off" disappears)', async function () {
    this.timeout(60_000);
    const uri = workspaceFile('sft.jsonl');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.workspace.getConfiguration('arabicLLM').update('diagnostics.severity',
      { [DiagnosticCodes.emptyField]: 'hint', [DiagnosticCodes.jsonSyntax]: 'off' }, vscode.ConfigurationTarget.Workspace);
    const engine = await poll(async () => {
      const now = await engineDiagnostics(uri, 3);
      return now.some((d) => d.code === DiagnosticCodes.jsonSyntax) ? undefined : now;
    }, 30_000, 'the engine applying the severity setting');

    provider = workbench.createUntrustedDiagnostics();
    const ours = sorted(provider.diagnostics(uri));
    assert.deepEqual(ours, engine);
    assert.deepEqual(ours.map((d) => [d.code, d.severity]), [
      [DiagnosticCodes.missingField, vscode.DiagnosticSeverity.Error], [DiagnosticCodes.emptyField, vscode.DiagnosticSeverity.Hint],
      [DiagnosticCodes.missingField, vscode.DiagnosticSeverity.Error],
    ]);

    const back = nextCheck(provider, uri, 're-check after the setting is removed');
    await vscode.workspace.getConfiguration('arabicLLM').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    assert.deepEqual((await back).map(codeOf), [DiagnosticCodes.missingField, DiagnosticCodes.emptyField, DiagnosticCodes.jsonSyntax, DiagnosticCodes.missingField]);
  });

  test('an edit is checked again after the debounce, and so is a revert', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'alw untrusted '));
    temporary.push(dir);
    const file = path.join(dir, 'بيانات تجربة.jsonl');
    writeFileSync(file, '{"text": "مرحبا بكم في هذا النص العربي القصير"}\n{"text": "نص عربي آخر مختلف عن الأول"}\n');
    const uri = vscode.Uri.file(file);
    provider = workbench.createUntrustedDiagnostics();
    const opened = nextCheck(provider, uri, 'check on open');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    assert.deepEqual(await opened, [], 'a clean file');

    const edited = nextCheck(provider, uri, 'check after the edit');
    const before = Date.now();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(2, 0), '{"text": ""}\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await edited;
    const waited = Date.now() - before;
    assert.ok(waited >= 190, `checked ${waited} ms after the edit: not debounced`);
    assert.deepEqual(after.map((d) => `${d.range.start.line}:${d.range.start.character} ${codeOf(d)}`), ['2:9 ALW004']);

    const reverted = nextCheck(provider, uri, 'check after the revert');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.deepEqual(await reverted, []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a file longer than the in-host cap: its first 10,000 lines are checked and a notice says so', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'alw-untrusted-'));
    temporary.push(dir);
    const file = path.join(dir, 'long.jsonl');
    const lines = Array.from({ length: 10_010 }, (_, i) => JSON.stringify({ text: `سطر رقم ${i} من نص عربي للاختبار` }));
    lines[4] = '{"text": ""}';
    lines[10_004] = '{"text": "غير مغلق';
    writeFileSync(file, `${lines.join('\n')}\n`);
    const uri = vscode.Uri.file(file);
    provider = workbench.createUntrustedDiagnostics();
    const checked = nextCheck(provider, uri, 'check of the long file');
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await checked;
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line} ${codeOf(d)} ${d.severity}`),
      [`4 ALW004 ${vscode.DiagnosticSeverity.Error}`, `10000  ${vscode.DiagnosticSeverity.Information}`]);
    assert.match(diagnostics[1].message, /10,000/);
  });
});
