/**
 * Host side of the Preference Review panel: one panel per dataset file. Every webview message is checked
 * first; labels go to the journal at once (PreferenceReview); reward-model scores come from the engine's
 * `scorePair` request, as in the Compare panel, when a model is exported.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgreementReport } from '../../core/preferences/agreementReport';
import type { ExportCounts, ExportOptions } from '../../core/preferences/preferenceExport';
import { besideJudgeReport, labelsJournalPath } from '../../engine/preferences/labelsFiles';
import { Methods } from '../../protocol';
import {
  checkPreferenceMessage, type FromPreferencePanel, type ToPreferencePanel,
} from '../../webview/preferences/preferenceMessages';
import type { Engine } from '../engine/engineClient';
import { errorMessage } from '../services';
import { scoringModelDir, SECTION, workspaceRoot } from '../shared/settings';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';
import { PREFERENCE_PANEL_BODY, preferencePanelStrings } from './preferencePanelStrings';
import { PreferenceReview, type LabelInput } from './preferenceReview';

export const PREFERENCE_PANEL_VIEW_TYPE = 'arabicLLM.preferences';

export interface OpenReviewOptions {
  /** An `alw judge --report` file; default: `<name>.judge-report.jsonl` beside the dataset, if there is one. */
  judgeReport?: string;
}

export function annotatorId(): string {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('preferences.annotator', '').trim();
  if (configured) return configured;
  try {
    return os.userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}

export class PreferencePanels implements vscode.Disposable {
  private readonly panels = new Map<string, PreferencePanel>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly engine: Engine) {}

  show(uri: vscode.Uri, options: OpenReviewOptions = {}): PreferencePanel {
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      if (options.judgeReport) existing.useJudgeReport(options.judgeReport);
      existing.reveal();
      return existing;
    }
    const file = uri.fsPath;
    if (!/\.(jsonl|ndjson)$/i.test(file)) throw new Error(vscode.l10n.t('Preference review reads JSONL files; convert {0} to JSONL first.', path.basename(file)));
    const journal = labelsJournalPath(workspaceRoot() ?? path.dirname(file), file);
    const review = PreferenceReview.open(file, journal, annotatorId());
    const report = options.judgeReport ?? besideJudgeReport(file);
    if (options.judgeReport || existsSync(report)) review.loadJudgeReport(report);
    const panel = vscode.window.createWebviewPanel(PREFERENCE_PANEL_VIEW_TYPE, vscode.l10n.t('Review: {0}', path.basename(file)), vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri));
    const opened = new PreferencePanel(panel, uri, review, this.extensionUri, this.engine, () => this.panels.delete(key));
    this.panels.set(key, opened);
    return opened;
  }

  get(uri: vscode.Uri): PreferencePanel | undefined {
    return this.panels.get(uri.toString());
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

export class PreferencePanel {
  private hashes: Set<string>;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    readonly review: PreferenceReview,
    extensionUri: vscode.Uri,
    private readonly engine: Engine,
    onDispose: () => void,
  ) {
    this.hashes = new Set(review.pairs.map((p) => p.hash));
    panel.webview.html = panelHtml(panel.webview, extensionUri, { script: 'preferencePanel', style: 'preferencePanel.css', title: panel.title, body: PREFERENCE_PANEL_BODY });
    const subscription = panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    panel.onDidDispose(() => {
      subscription.dispose();
      onDispose();
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** Labels a pair by slot as shown (the webview's way; also the suites'). */
  labelSlot(hash: string, slot: 'A' | 'B' | 'tie' | 'both-bad', input: LabelInput = {}): void {
    this.review.labelSlot(hash, slot, input);
    this.post({ type: 'labels', labels: this.review.myLabels(), hash });
  }

  undo(): string | undefined {
    const hash = this.review.undo();
    this.post({ type: 'labels', labels: this.review.myLabels(), ...(hash ? { hash } : {}) });
    return hash;
  }

  useJudgeReport(file: string): void {
    this.review.loadJudgeReport(file);
    this.post({ type: 'judge', judgeReport: file, pairs: this.review.panelPairs() });
  }

  /** Scores every pair not scored yet (when a reward model is exported), then the agreement numbers. */
  async agreement(): Promise<AgreementReport> {
    await this.score(this.review.pairs.map((p) => p.hash));
    const report = this.review.agreement();
    this.post({ type: 'agreement', report });
    return report;
  }

  exportTo(file: string, options: ExportOptions): ExportCounts {
    return this.review.exportTo(file, options);
  }

  private async receive(raw: unknown): Promise<void> {
    try {
      await this.handle(checkPreferenceMessage(raw, this.hashes, this.review.pairs.at(-1)?.line ?? 0));
    } catch (error) {
      const message = errorMessage(error);
      this.post({ type: 'error', message });
      void vscode.window.showErrorMessage(vscode.l10n.t('Preference review {0}: {1}', path.basename(this.uri.fsPath), message));
    }
  }

  private async handle(message: FromPreferencePanel): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const modelDir = await this.modelDir();
        this.post({
          type: 'init', strings: preferencePanelStrings(), name: vscode.workspace.asRelativePath(this.uri), annotator: this.review.annotator,
          journal: vscode.workspace.asRelativePath(this.review.journal), pairs: this.review.panelPairs(), labels: this.review.myLabels(),
          judgeReport: this.review.judgeReport ? vscode.workspace.asRelativePath(this.review.judgeReport) : null,
          modelDir: modelDir ?? null, problems: this.review.problems.slice(0, 20),
        });
        if (this.review.scores.size) this.post({ type: 'scores', scores: Object.fromEntries(this.review.scores) });
        return;
      }
      case 'label':
        return this.labelSlot(message.hash, message.slot, { note: message.note, flags: message.flags, blind: message.blind });
      case 'undo':
        this.undo();
        return;
      case 'score':
        return this.score(message.hashes);
      case 'agreement':
        await this.agreement();
        return;
      case 'pickReport': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false, defaultUri: vscode.Uri.file(path.dirname(this.uri.fsPath)), filters: { JSONL: ['jsonl'] },
          title: vscode.l10n.t('Pick an alw judge report'),
        });
        if (picked?.[0]) this.useJudgeReport(picked[0].fsPath);
        return;
      }
      case 'export': {
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(this.uri.fsPath.replace(/\.[^.]+$/, '.reviewed.jsonl')), filters: { JSONL: ['jsonl'] },
          title: vscode.l10n.t('Export reviewed preferences'),
        });
        if (!target) return;
        const counts = this.exportTo(target.fsPath, { keepTies: message.keepTies, keepBothBad: message.keepBothBad });
        void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} preference pairs to {1} ({2} from people, {3} from the judge).',
          counts.written, vscode.workspace.asRelativePath(target), counts.human, counts.judge));
        return;
      }
      case 'openSource': {
        const position = new vscode.Position(message.line - 1, 0);
        await vscode.window.showTextDocument(this.uri, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
        return;
      }
    }
  }

  private async modelDir(): Promise<string | undefined> {
    const dir = scoringModelDir();
    return dir && existsSync(path.join(dir, 'model.onnx')) ? dir : undefined;
  }

  private async score(hashes: string[]): Promise<void> {
    const modelDir = await this.modelDir();
    if (!modelDir) return;
    const scored: Record<string, [number, number]> = {};
    for (const hash of hashes) {
      if (this.review.scores.has(hash)) continue;
      const pair = this.review.pair(hash);
      const result = await this.engine.request(Methods.scorePair, { modelDir, prompt: pair.prompt, responses: [pair.first, pair.second] });
      this.review.scores.set(hash, result.scores);
      scored[hash] = result.scores;
    }
    if (Object.keys(scored).length) this.post({ type: 'scores', scores: scored });
  }

  private post(message: ToPreferencePanel): void {
    void this.panel.webview.postMessage(message);
  }
}
