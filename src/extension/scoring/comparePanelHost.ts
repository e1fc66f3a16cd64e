/** Host side of the Compare panel: one reused panel showing the last scored preference pair. */
import * as vscode from 'vscode';
import type { CompareStrings, Comparison, FromComparePanel, ToComparePanel } from '../../webview/scoring/compareMessages';
import { panelHtml, webviewOptions } from '../shared/webviewHtml';

export const COMPARE_PANEL_VIEW_TYPE = 'arabicLLM.compare';

export interface ComparisonSource {
  uri: vscode.Uri;
  /** Zero-based line. */
  line: number;
}

export class ComparePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private comparison: Comparison | undefined;
  private source: ComparisonSource | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(comparison: Comparison, source: ComparisonSource): void {
    this.comparison = comparison;
    this.source = source;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      COMPARE_PANEL_VIEW_TYPE, vscode.l10n.t('Compare Responses'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri));
    this.panel = panel;
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, {
      script: 'comparePanel',
      style: 'comparePanel.css',
      title: vscode.l10n.t('Compare Responses'),
      body: `<section class="prompt">
  <h2 id="prompt-label"></h2>
  <div id="prompt" dir="auto"></div>
</section>
<section class="columns">
  <article class="column" data-side="a">
    <header><h3 class="label" data-side="a"></h3><span class="badge" data-side="a"></span><span class="score" data-side="a" data-score=""></span></header>
    <div class="response" data-side="a" dir="auto"></div>
  </article>
  <article class="column" data-side="b">
    <header><h3 class="label" data-side="b"></h3><span class="badge" data-side="b"></span><span class="score" data-side="b" data-score=""></span></header>
    <div class="response" data-side="b" dir="auto"></div>
  </article>
</section>
<footer>
  <span id="source-label"></span> <a id="source" href="#" dir="ltr"></a>
  · <span id="model-label"></span> <code id="model" dir="ltr"></code>
  · <span id="inference-label"></span> <span id="inference" dir="ltr"></span>
</footer>`,
    });
    panel.webview.onDidReceiveMessage((message: FromComparePanel) => this.receive(message));
    panel.onDidDispose(() => (this.panel = undefined));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private receive(message: FromComparePanel): void {
    switch (message.type) {
      case 'ready':
        this.post();
        break;
      case 'openSource':
        if (this.source) void openAt(this.source);
        break;
    }
  }

  private post(): void {
    if (!this.panel || !this.comparison) return;
    const message: ToComparePanel = { type: 'show', strings: compareStrings(), comparison: this.comparison };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function openAt(source: ComparisonSource): Promise<void> {
  const position = new vscode.Position(source.line, 0);
  await vscode.window.showTextDocument(source.uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
}

function compareStrings(): CompareStrings {
  return {
    prompt: vscode.l10n.t('Prompt'),
    chosen: vscode.l10n.t('Chosen'),
    rejected: vscode.l10n.t('Rejected'),
    score: vscode.l10n.t('Score'),
    higher: vscode.l10n.t('Higher score'),
    source: vscode.l10n.t('Source:'),
    model: vscode.l10n.t('Reward model:'),
    inference: vscode.l10n.t('Inference:'),
  };
}
