/** The Preference Review panel's static markup and its localized strings (the webview has no vscode.l10n). */
import * as vscode from 'vscode';
import type { PreferencePanelStrings } from '../../webview/preferences/preferenceMessages';

/** Static markup only; the panel script fills in every string and all dataset text. */
export const PREFERENCE_PANEL_BODY = `<header>
  <h1 id="name" dir="auto"></h1>
  <span id="progress" aria-live="polite"></span>
  <nav role="tablist">
    <button id="review-tab" role="tab" type="button" aria-selected="true"></button>
    <button id="agreement-tab" role="tab" type="button" aria-selected="false"></button>
  </nav>
</header>
<section id="review-view">
  <div class="toolbar">
    <label><span id="filter-label"></span> <select id="filter"></select></label>
    <label><span id="sort-label"></span> <select id="sort"></select></label>
    <label class="check"><input id="up-front" type="checkbox"> <span id="up-front-label"></span></label>
    <label class="check"><input id="raw" type="checkbox"> <span id="raw-label"></span></label>
    <span class="spacer"></span>
    <button id="prev" type="button"></button><button id="next" type="button"></button>
  </div>
  <div id="status" role="status" dir="auto"></div>
  <section id="pair" hidden>
    <div id="pair-meta"><a id="source" href="#" dir="ltr"></a> <span id="judge-info" dir="auto"></span></div>
    <pre id="raw-line" dir="auto" hidden></pre>
    <section id="prompt-block" class="field"></section>
    <section id="fields"></section>
    <div class="columns">
      <article class="column" data-slot="A"><header><h3 class="slot-label"></h3><span class="score"></span><span class="badge"></span></header><div class="body"></div></article>
      <article class="column" data-slot="B"><header><h3 class="slot-label"></h3><span class="score"></span><span class="badge"></span></header><div class="body"></div></article>
    </div>
    <section id="judge"></section>
    <div class="choices">
      <button id="choose-a" type="button" data-slot="A"></button>
      <button id="choose-b" type="button" data-slot="B"></button>
      <button id="choose-tie" type="button" data-slot="tie"></button>
      <button id="choose-both-bad" type="button" data-slot="both-bad"></button>
      <button id="undo" type="button"></button>
      <span id="your-choice" dir="auto"></span>
    </div>
    <div id="flags"></div>
    <label id="note-area"><span id="note-label"></span><textarea id="note" dir="auto" rows="2"></textarea></label>
  </section>
  <p id="help"></p>
</section>
<section id="agreement-view" hidden>
  <div class="toolbar">
    <button id="compute" type="button" class="primary"></button>
    <span class="spacer"></span>
    <label class="check"><input id="keep-ties" type="checkbox"> <span id="keep-ties-label"></span></label>
    <label class="check"><input id="keep-both-bad" type="checkbox"> <span id="keep-both-bad-label"></span></label>
    <button id="export" type="button"></button>
  </div>
  <table id="agreement-table"><thead><tr></tr></thead><tbody></tbody></table>
  <p id="consistency" dir="auto"></p>
  <h2 id="margins-title"></h2>
  <div id="histogram"></div>
  <div id="histogram-axis"></div>
</section>`;

export function preferencePanelStrings(): PreferencePanelStrings {
  return {
    review: vscode.l10n.t('Review'),
    agreement: vscode.l10n.t('Agreement'),
    prompt: vscode.l10n.t('Prompt'),
    responseA: vscode.l10n.t('Response A'),
    responseB: vscode.l10n.t('Response B'),
    chooseA: vscode.l10n.t('A is better (1)'),
    chooseB: vscode.l10n.t('B is better (2)'),
    tie: vscode.l10n.t('Tie (3)'),
    bothBad: vscode.l10n.t('Both bad (4)'),
    next: vscode.l10n.t('Next'),
    previous: vscode.l10n.t('Previous'),
    undo: vscode.l10n.t('Undo (u)'),
    note: vscode.l10n.t('Note'),
    flags: vscode.l10n.t('Flags'),
    cultural: vscode.l10n.t('Cultural / religious'),
    factual: vscode.l10n.t('Factual'),
    safety: vscode.l10n.t('Safety'),
    language: vscode.l10n.t('Language quality'),
    dialect: vscode.l10n.t('Dialect'),
    blind: vscode.l10n.t('Blind review: scores and the judge\'s verdict show once you have chosen.'),
    showUpFront: vscode.l10n.t('Show scores and verdicts up front'),
    progress: vscode.l10n.t('{0} of {1} pairs labelled · pair {2} of {3} shown'),
    filter: vscode.l10n.t('Show'),
    all: vscode.l10n.t('All pairs'),
    unlabelled: vscode.l10n.t('Unlabelled'),
    disagreements: vscode.l10n.t('Disagreements'),
    flagged: vscode.l10n.t('Flagged: {0}'),
    sort: vscode.l10n.t('Sort'),
    fileOrder: vscode.l10n.t('File order'),
    disagreementsFirst: vscode.l10n.t('Disagreements first'),
    lowMargin: vscode.l10n.t('Low reward margin first'),
    score: vscode.l10n.t('Reward-model score'),
    noModel: vscode.l10n.t('No exported reward model (arabicLLM.scoring.modelDir): no scores.'),
    judge: vscode.l10n.t('Judge'),
    noJudge: vscode.l10n.t('No judge report.'),
    pickReport: vscode.l10n.t('Pick a judge report…'),
    orderAB: vscode.l10n.t('Shown with this pair\'s first response as A'),
    orderBA: vscode.l10n.t('Shown with this pair\'s second response as A'),
    verdictFirst: vscode.l10n.t('prefers {0}'),
    verdictTie: vscode.l10n.t('tie'),
    verdictNone: vscode.l10n.t('no verdict'),
    outcome: vscode.l10n.t('Judge outcome: {0}'),
    inconsistent: vscode.l10n.t('inconsistent (the verdict followed the position)'),
    unparsed: vscode.l10n.t('unparsed'),
    notJudged: vscode.l10n.t('not judged'),
    yourChoice: vscode.l10n.t('Your choice: {0}'),
    hiddenUntilChosen: vscode.l10n.t('Hidden until you choose'),
    raw: vscode.l10n.t('Raw line'),
    fields: vscode.l10n.t('Other fields'),
    help: vscode.l10n.t('1/a: A better · 2/b: B better · 3/t: tie · 4/x: both bad · j/↓: next · k/↑: previous · u or Ctrl+Z: undo'),
    empty: vscode.l10n.t('(empty)'),
    export: vscode.l10n.t('Export reviewed preferences…'),
    keepTies: vscode.l10n.t('Keep ties'),
    keepBothBad: vscode.l10n.t('Keep both-bad pairs'),
    rater: vscode.l10n.t('Raters'),
    pairs: vscode.l10n.t('Pairs'),
    accuracy: vscode.l10n.t('Accuracy'),
    kappa: vscode.l10n.t('Cohen\'s kappa'),
    positionConsistency: vscode.l10n.t('Judge position consistency: {0} of {1} pairs ({2})'),
    margins: vscode.l10n.t('Reward-model margins (first − second)'),
    computeAgreement: vscode.l10n.t('Compute agreement'),
    annotator: vscode.l10n.t('Annotator: {0}'),
    user: vscode.l10n.t('User'),
    assistant: vscode.l10n.t('Assistant'),
    system: vscode.l10n.t('System'),
    journal: vscode.l10n.t('Labels are saved to {0}'),
    noPairs: vscode.l10n.t('No pairs shown: nothing matches this filter.'),
  };
}
