/**
 * The Preference Review panel in the real extension host: opened by its command with arguments on a
 * preference file (its judge report beside it), five pairs labelled through the host API and one through the
 * host's webview message handler, an undo; then the journal file's lines, the agreement numbers (hand-computed
 * below) and an export through the export command.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { shownOrder } from '../../src/core/preferences/blindShuffle';
import type { PreferencePanel } from '../../src/extension/preferences/preferencePanelHost';
import { api, workspaceFile } from './helpers';

const ANNOTATOR = 'suite-annotator';
const RECORDS = [
  { prompt: 'ما عاصمة الأردن؟', chosen: 'عمّان.', rejected: 'بيروت.' },
  { prompt: 'كيف أرحب بضيف؟', chosen: 'أهلاً وسهلاً، تفضل.', rejected: 'اجلس وحدك.' },
  { prompt: 'ما لون السماء؟', chosen: 'زرقاء في النهار.', rejected: 'خضراء.' },
  { prompt: 'كم يوماً في الأسبوع؟', chosen: 'سبعة أيام.', rejected: 'سبعة.' },
  { prompt: 'ترجم: thank you', chosen: 'شكراً لك', rejected: 'وداعاً' },
  { prompt: 'سمِّ بحراً', chosen: 'البحر الأحمر', rejected: 'الصحراء الكبرى' },
];
// The judge, per record: outcome and verdicts in the orders (first as A, then second as A).
const JUDGE: Array<[string, string, string]> = [['first', 'A', 'B'], ['second', 'B', 'A'], ['inconsistent', 'A', 'A'], ['tie', 'C', 'C'], ['first', 'A', 'B'], ['second', 'B', 'A']];
// The person, per record (the sixth is left to the judge).
const HUMAN = ['first', 'first', 'second', 'tie', 'both-bad'] as const;

const dataset = () => workspaceFile('suite-prefs/review.jsonl');
const report = () => workspaceFile('suite-prefs/review.judge-report.jsonl');
const journal = () => workspaceFile('.alw/labels/review.labels.jsonl');
const exported = () => workspaceFile('suite-prefs/review.reviewed.jsonl');
const text = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const jsonLines = async (uri: vscode.Uri) => (await read(uri)).trim().split('\n').map((l) => JSON.parse(l));

suite('Preference review', () => {
  let panel: PreferencePanel | undefined;

  suiteSetup(async () => {
    await (await api()).whenEngineReady();
    await vscode.workspace.getConfiguration('arabicLLM').update('preferences.annotator', ANNOTATOR, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(journal(), { useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.writeFile(dataset(), Buffer.from(text));
    await vscode.workspace.fs.writeFile(report(), Buffer.from(RECORDS.map((r, i) => JSON.stringify({
      source: `suite-prefs/review.jsonl:${i + 1}`, responses: [0, 1], outcome: JUDGE[i][0], prompt: r.prompt, first: r.chosen, second: r.rejected,
      ab: { verdict: JUDGE[i][1], reply: `السبب ${i + 1}.\n[[${JUDGE[i][1]}]]`, cached: false },
      ba: { verdict: JUDGE[i][2], reply: `السبب ${i + 1}.\n[[${JUDGE[i][2]}]]`, cached: false }, judge_model: 'suite-judge',
    })).join('\n') + '\n'));
  });

  suiteTeardown(async () => {
    panel?.dispose();
    await vscode.workspace.getConfiguration('arabicLLM').update('preferences.annotator', undefined, vscode.ConfigurationTarget.Workspace);
    for (const uri of [workspaceFile('suite-prefs'), journal()]) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('opens a preference file by command, labels five pairs, journals each at once, computes agreement and exports', async () => {
    panel = await vscode.commands.executeCommand<PreferencePanel | undefined>('arabicLLM.reviewPreferences', dataset());
    assert.ok(panel, 'the command resolves with the panel');
    const review = panel.review;
    assert.equal(review.annotator, ANNOTATOR, 'arabicLLM.preferences.annotator names the annotator');
    assert.ok(review.judgeReport?.endsWith('review.judge-report.jsonl'), `the report beside the dataset is read: ${review.judgeReport}`);
    assert.equal(review.pairs.length, 6);
    const hashes = review.pairs.map((p) => p.hash);
    const slotFor = (i: number, choice: (typeof HUMAN)[number]) => {
      if (choice === 'tie' || choice === 'both-bad') return choice;
      const firstIsA = shownOrder(ANNOTATOR, hashes[i]) === 'ab';
      return (choice === 'first') === firstIsA ? 'A' : 'B';
    };

    // A wrong choice, taken back, then the five labels: one through the host's webview message handler.
    panel.labelSlot(hashes[0], slotFor(0, 'second'));
    assert.equal(panel.undo(), hashes[0]);
    panel.labelSlot(hashes[0], slotFor(0, 'first'), { note: 'صحيح', flags: ['factual'], blind: true });
    await (panel as unknown as { receive(m: unknown): Promise<void> }).receive({
      type: 'label', hash: hashes[1], slot: slotFor(1, 'first'), note: '', flags: ['cultural'], blind: true,
    });
    for (const i of [2, 3, 4]) panel.labelSlot(hashes[i], slotFor(i, HUMAN[i]));

    const lines = await jsonLines(journal());
    assert.equal(lines.length, 7, 'append-only: a label, its retraction, five labels');
    assert.equal(lines[1].retracted, true);
    assert.deepEqual(lines.slice(2).map((l) => l.choice), [...HUMAN]);
    assert.deepEqual(lines.slice(2).map((l) => l.pair), hashes.slice(0, 5));
    for (const l of lines) assert.equal(l.annotator, ANNOTATOR);
    assert.deepEqual(lines[2].flags, ['factual']);
    assert.deepEqual(lines[3].flags, ['cultural']);
    assert.equal(lines[3].shown, shownOrder(ANNOTATOR, hashes[1]));
    assert.ok(lines.every((l) => !Number.isNaN(Date.parse(l.at))));
    assert.deepEqual(Object.keys(review.myLabels()).sort(), hashes.slice(0, 5).sort());

    // Judge vs the person on the 4 pairs both rated (pair 3 is inconsistent, pair 6 unlabelled): agree on 1 and 4.
    // p_o = 1/2; judge shares first 1/2, second 1/4, tie 1/4; person first 1/2, tie 1/4, both-bad 1/4 → p_e = 5/16; kappa = 3/11.
    const numbers = await panel.agreement();
    const row = numbers.agreement.find((r) => r.a === 'judge' && r.b === `annotator:${ANNOTATOR}`);
    assert.ok(row, JSON.stringify(numbers.agreement));
    assert.equal(row.pairs, 4);
    assert.equal(row.accuracy, 0.5);
    assert.ok(Math.abs(row.kappa! - 3 / 11) < 1e-12, `kappa ${row.kappa}`);
    assert.deepEqual(numbers.positionConsistency, { pairs: 6, consistent: 5, rate: 5 / 6 });

    const counts = await vscode.commands.executeCommand<{ written: number; human: number; judge: number; tie: number; bothBad: number }>(
      'arabicLLM.exportReviewedPreferences', dataset(), exported(), { keepTies: false, keepBothBad: false });
    assert.ok(counts);
    assert.deepEqual([counts.written, counts.human, counts.judge, counts.tie, counts.bothBad], [4, 3, 1, 1, 1]);
    const out = await jsonLines(exported());
    assert.deepEqual(out.map((r) => [r.prompt, r.chosen, r.rejected, r.preference_source]), [
      [RECORDS[0].prompt, RECORDS[0].chosen, RECORDS[0].rejected, 'human'],
      [RECORDS[1].prompt, RECORDS[1].chosen, RECORDS[1].rejected, 'human'], // the person overrides the judge
      [RECORDS[2].prompt, RECORDS[2].rejected, RECORDS[2].chosen, 'human'],
      [RECORDS[5].prompt, RECORDS[5].rejected, RECORDS[5].chosen, 'judge'], // the judge fills the rest
    ]);
    assert.equal(await read(dataset()), text, 'the dataset is never modified');
  });

  test('a malformed webview message is refused and writes nothing', async () => {
    assert.ok(panel, 'the first test opened the panel');
    const before = await read(journal());
    await (panel as unknown as { receive(m: unknown): Promise<void> }).receive({ type: 'label', hash: 'f'.repeat(64), slot: 'A', note: '', flags: [], blind: true });
    assert.equal(await read(journal()), before);
  });
});
