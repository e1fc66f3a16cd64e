import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectedDiagnostics } from './expectedDiagnostics';
import { api, poll, withTimeout, workspaceFile } from './helpers';

const FILES = ['sft.jsonl', 'preferences.jsonl', 'pretrain.jsonl'] as const;

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

function describe(d: vscode.Diagnostic): string {
  return `line ${d.range.start.line + 1} ${codeOf(d)} [${d.range.start.character}-${d.range.end.character}]`
    + (d.range.start.line !== d.range.end.line ? ` (ends on line ${d.range.end.line + 1})` : '') + ` ${d.message}`;
}

suite('Dataset diagnostics', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await withTimeout((await api()).whenEngineReady(), 45_000, 'whenEngineReady()');
  });

  for (const file of FILES) {
    test(`${file}: exactly the documented problems, at the exact ranges, with the protocol codes`, async () => {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: false });
      const expected = expectedDiagnostics(file, document.getText());

      // Diagnostics arrive asynchronously from the engine: wait until they are there and stable.
      let last = '';
      let stableSince = 0;
      const diagnostics = await poll(() => {
        const ours = vscode.languages.getDiagnostics(uri).filter((d) => /^ALW\d{3}$/.test(codeOf(d)));
        const key = ours.map(describe).join('\n');
        if (key !== last) { last = key; stableSince = Date.now(); return undefined; }
        return ours.length >= expected.length && Date.now() - stableSince >= 500 ? ours : undefined;
      }, 30_000, `${expected.length} diagnostics on ${file} (last seen:\n${last || 'none'})`);

      const actual = diagnostics
        .map((d) => ({ line: d.range.start.line + 1, code: codeOf(d), start: d.range.start.character,
          end: d.range.end.line === d.range.start.line ? d.range.end.character : -1 }))
        .sort((a, b) => a.line - b.line || a.start - b.start);
      const wanted = expected.map(({ line, code, start, end }) => ({ line, code, start, end }));
      assert.deepEqual(actual, wanted,
        `diagnostics of ${file}\nactual:\n${diagnostics.map(describe).join('\n')}\nexpected:\n`
        + expected.map((e) => `line ${e.line} ${e.code} [${e.start}-${e.end}] ${e.why}`).join('\n'));

      for (const d of diagnostics) {
        assert.equal(d.severity, vscode.DiagnosticSeverity.Error, `severity of ${describe(d)}`);
        assert.ok(d.message.trim().length > 0, `message of ${describe(d)}`);
      }
    });
  }
});
