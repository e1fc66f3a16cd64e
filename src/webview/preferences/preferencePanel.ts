/**
 * Preference Review panel webview: one pair at a time, the prompt and two responses side by side, the human's
 * choice (A, B, tie, both bad) with keyboard shortcuts, a note and flags. Blind by default: which response is A
 * comes from the host's seeded shuffle, and scores and the judge's verdicts stay hidden until the pair is
 * labelled. A second tab shows the agreement numbers. Dataset text is only ever set with textContent.
 */
import { LABEL_FLAGS, type LabelChoice, type LabelFlag } from '../../core/preferences/labelsJournal';
import { drawAgreement } from './agreementView';
import type { FromPreferencePanel, PanelLabel, PanelPair, PreferencePanelState, PreferencePanelStrings, ToPreferencePanel } from './preferenceMessages';
import { clear, element, fieldBlock, valueNode } from './recordBlocks';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<PreferencePanelState, FromPreferencePanel>();
const $ = {
  name: byId('name'), progress: byId('progress'), reviewTab: byId<HTMLButtonElement>('review-tab'), agreementTab: byId<HTMLButtonElement>('agreement-tab'),
  reviewView: byId('review-view'), agreementView: byId('agreement-view'), filter: byId<HTMLSelectElement>('filter'), sort: byId<HTMLSelectElement>('sort'),
  upFront: byId<HTMLInputElement>('up-front'), raw: byId<HTMLInputElement>('raw'), prev: byId<HTMLButtonElement>('prev'), next: byId<HTMLButtonElement>('next'),
  status: byId('status'), pair: byId('pair'), source: byId('source'), judgeInfo: byId('judge-info'), rawLine: byId('raw-line'),
  promptBlock: byId('prompt-block'), fields: byId('fields'), judge: byId('judge'), undo: byId<HTMLButtonElement>('undo'), yourChoice: byId('your-choice'),
  flags: byId('flags'), note: byId<HTMLTextAreaElement>('note'), help: byId('help'), compute: byId<HTMLButtonElement>('compute'),
  keepTies: byId<HTMLInputElement>('keep-ties'), keepBothBad: byId<HTMLInputElement>('keep-both-bad'), export: byId<HTMLButtonElement>('export'),
  table: byId<HTMLTableElement>('agreement-table'), consistency: byId('consistency'), marginsTitle: byId('margins-title'), histogram: byId('histogram'),
};
const SLOT_BUTTONS: Array<[string, 'A' | 'B' | 'tie' | 'both-bad']> = [['choose-a', 'A'], ['choose-b', 'B'], ['choose-tie', 'tie'], ['choose-both-bad', 'both-bad']];
const format = (template: string, ...values: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));

let strings: PreferencePanelStrings | undefined;
let pairs: PanelPair[] = [];
let labels: Record<string, PanelLabel> = {};
let scores: Record<string, [number, number]> = {};
let modelDir: string | null = null;
let judgeReport: string | null = null;
let visible: number[] = [];
const restored = vscode.getState();
let state: PreferencePanelState = restored ?? { uri: '', index: 0, blind: true, tab: 'review', filter: 'all', sort: 'file', raw: false };
/** Pairs whose scores were asked for once (a failing scorer is not asked again on every render). */
const scoreAsked = new Set<string>();
/** Flags and notes typed on a pair before it is labelled, sent with the choice. */
const pending = new Map<string, { note: string; flags: LabelFlag[] }>();

function post(message: FromPreferencePanel): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

const current = (): PanelPair | undefined => pairs[visible[Math.min(state.index, visible.length - 1)]];
const slotOf = (pair: PanelPair, which: 'first' | 'second'): 'A' | 'B' => ((which === 'first') === (pair.shown === 'ab') ? 'A' : 'B');
const responseOf = (pair: PanelPair, slot: 'A' | 'B') => ((slot === 'A') === (pair.shown === 'ab') ? pair.first : pair.second);

function ratings(pair: PanelPair): Array<LabelChoice> {
  const out: LabelChoice[] = [];
  const s = scores[pair.hash];
  if (s) out.push(s[0] === s[1] ? 'tie' : s[0] > s[1] ? 'first' : 'second');
  const outcome = pair.judge?.outcome;
  if (outcome === 'first' || outcome === 'second' || outcome === 'tie') out.push(outcome);
  const mine = labels[pair.hash];
  if (mine) out.push(mine.choice);
  return out;
}
const disagrees = (pair: PanelPair) => new Set(ratings(pair)).size > 1;
const margin = (pair: PanelPair) => (scores[pair.hash] ? Math.abs(scores[pair.hash][0] - scores[pair.hash][1]) : Number.POSITIVE_INFINITY);

function computeVisible(): void {
  const keep = (pair: PanelPair) => {
    if (state.filter === 'unlabelled') return !labels[pair.hash];
    if (state.filter === 'disagreements') return disagrees(pair);
    if (state.filter.startsWith('flag:')) return (labels[pair.hash]?.flags ?? []).includes(state.filter.slice(5) as LabelFlag);
    return true;
  };
  visible = pairs.map((_, i) => i).filter((i) => keep(pairs[i]));
  if (state.sort === 'disagreements') visible.sort((a, b) => Number(disagrees(pairs[b])) - Number(disagrees(pairs[a])) || a - b);
  if (state.sort === 'margin') visible.sort((a, b) => margin(pairs[a]) - margin(pairs[b]) || a - b);
}

function fillSelects(): void {
  const s = strings!;
  const options = (select: HTMLSelectElement, entries: Array<[string, string]>, value: string) => {
    clear(select);
    for (const [v, text] of entries) select.appendChild(Object.assign(element('option', undefined, text), { value: v }));
    select.value = entries.some(([v]) => v === value) ? value : entries[0][0];
  };
  options($.filter, [['all', s.all], ['unlabelled', s.unlabelled], ['disagreements', s.disagreements],
    ...LABEL_FLAGS.map((f): [string, string] => [`flag:${f}`, format(s.flagged, s[f])])], state.filter);
  options($.sort, [['file', s.fileOrder], ['disagreements', s.disagreementsFirst], ['margin', s.lowMargin]], state.sort);
}

function setStrings(s: PreferencePanelStrings): void {
  $.reviewTab.textContent = s.review;
  $.agreementTab.textContent = s.agreement;
  byId('filter-label').textContent = s.filter;
  byId('sort-label').textContent = s.sort;
  byId('up-front-label').textContent = s.showUpFront;
  byId('raw-label').textContent = s.raw;
  $.prev.textContent = s.previous;
  $.next.textContent = s.next;
  byId('choose-a').textContent = s.chooseA;
  byId('choose-b').textContent = s.chooseB;
  byId('choose-tie').textContent = s.tie;
  byId('choose-both-bad').textContent = s.bothBad;
  $.undo.textContent = s.undo;
  byId('note-label').textContent = s.note;
  $.help.textContent = s.help;
  $.compute.textContent = s.computeAgreement;
  byId('keep-ties-label').textContent = s.keepTies;
  byId('keep-both-bad-label').textContent = s.keepBothBad;
  $.export.textContent = s.export;
  $.marginsTitle.textContent = s.margins;
  clear($.flags);
  $.flags.appendChild(element('span', 'muted', s.flags));
  for (const flag of LABEL_FLAGS) {
    const label = element('label', 'check');
    const box = Object.assign(element('input'), { type: 'checkbox' });
    box.dataset.flag = flag;
    box.addEventListener('change', () => changeFlagsOrNote());
    label.append(box, element('span', undefined, ` ${s[flag]}`));
    $.flags.appendChild(label);
  }
}

function render(): void {
  if (!strings) return;
  const s = strings;
  computeVisible();
  state.index = Math.max(0, Math.min(state.index, visible.length - 1));
  const labelled = pairs.filter((p) => labels[p.hash]).length;
  $.progress.textContent = format(s.progress, labelled, pairs.length, visible.length ? state.index + 1 : 0, visible.length);
  $.progress.dataset.labelled = String(labelled);
  const pair = current();
  $.pair.hidden = !pair;
  $.status.textContent = pair ? '' : s.noPairs;
  $.upFront.checked = !state.blind;
  $.raw.checked = state.raw;
  if (!pair) return save();
  document.body.dataset.pair = pair.hash;
  const mine = labels[pair.hash];
  const revealed = !state.blind || !!mine;
  $.source.textContent = `${$.name.textContent}:${pair.line}`;
  $.rawLine.hidden = !state.raw;
  $.rawLine.textContent = pair.raw;
  clear($.promptBlock);
  $.promptBlock.appendChild(fieldBlock(s.prompt, pair.prompt, s));
  clear($.fields);
  if (pair.fields.length) $.fields.appendChild(element('h2', 'field-name', s.fields));
  for (const [key, value] of pair.fields) $.fields.appendChild(fieldBlock(key, value, s));
  const score = scores[pair.hash];
  for (const slot of ['A', 'B'] as const) {
    const column = document.querySelector<HTMLElement>(`.column[data-slot="${slot}"]`)!;
    column.querySelector('.slot-label')!.textContent = slot === 'A' ? s.responseA : s.responseB;
    const body = column.querySelector<HTMLElement>('.body')!;
    clear(body);
    body.appendChild(valueNode(responseOf(pair, slot), s));
    const which = (slot === 'A') === (pair.shown === 'ab') ? 0 : 1;
    const scoreNode = column.querySelector<HTMLElement>('.score')!;
    scoreNode.textContent = revealed && score ? score[which].toFixed(4) : revealed || !score ? '' : s.hiddenUntilChosen;
    scoreNode.title = s.score;
    scoreNode.dataset.score = revealed && score ? String(score[which]) : '';
    const chosen = mine && (mine.choice === 'first' || mine.choice === 'second') && slotOf(pair, mine.choice) === slot;
    column.classList.toggle('chosen', !!chosen);
  }
  renderJudge(pair, revealed);
  for (const [id, slot] of SLOT_BUTTONS) {
    const button = byId(id);
    const active = mine && (slot === 'A' || slot === 'B' ? (mine.choice === 'first' || mine.choice === 'second') && slotOf(pair, mine.choice) === slot : mine.choice === slot);
    button.classList.toggle('active', !!active);
    button.setAttribute('aria-pressed', String(!!active));
  }
  const choiceName = (c: LabelChoice) => (c === 'tie' ? s.tie : c === 'both-bad' ? s.bothBad : slotOf(pair, c) === 'A' ? s.responseA : s.responseB);
  $.yourChoice.textContent = mine ? format(s.yourChoice, choiceName(mine.choice)) : state.blind ? s.blind : '';
  const draft = mine ?? pending.get(pair.hash) ?? { note: '', flags: [] };
  if (document.activeElement !== $.note) $.note.value = draft.note;
  $.flags.querySelectorAll<HTMLInputElement>('input[data-flag]').forEach((box) => (box.checked = draft.flags.includes(box.dataset.flag as LabelFlag)));
  if (modelDir && !score && !scoreAsked.has(pair.hash)) {
    scoreAsked.add(pair.hash);
    post({ type: 'score', hashes: [pair.hash] });
  }
  save();
}

function renderJudge(pair: PanelPair, revealed: boolean): void {
  const s = strings!;
  clear($.judge);
  $.judgeInfo.textContent = judgeReport ? `· ${s.judge}: ${judgeReport}` : '';
  if (!pair.judge) {
    $.judge.appendChild(element('span', 'muted', s.noJudge));
    const pick = element('button', undefined, s.pickReport);
    pick.type = 'button';
    pick.addEventListener('click', () => post({ type: 'pickReport' }));
    $.judge.appendChild(pick);
    return;
  }
  $.judge.appendChild(element('h3', undefined, s.judge + (pair.judge.model ? ` (${pair.judge.model})` : '')));
  if (!revealed) {
    $.judge.appendChild(element('p', 'muted', s.hiddenUntilChosen));
    return;
  }
  const name = (w: 'first' | 'second' | 'tie' | null) => (w === null ? s.verdictNone : w === 'tie' ? s.verdictTie : format(s.verdictFirst, slotOf(pair, w) === 'A' ? s.responseA : s.responseB));
  const outcome = pair.judge.outcome;
  const outcomeText = outcome === 'inconsistent' ? s.inconsistent : outcome === 'unparsed' ? s.unparsed : outcome === 'not-judged' ? s.notJudged : name(outcome);
  const summary = element('p', 'outcome', format(s.outcome, outcomeText));
  summary.dataset.outcome = outcome;
  $.judge.appendChild(summary);
  for (const order of pair.judge.orders) {
    const block = element('section', 'field judge-order');
    block.appendChild(element('h4', 'field-name', `${order.order === 'ab' ? s.orderAB : s.orderBA}: ${name(order.winner)}`));
    const text = element('div', 'text', order.rationale || s.empty);
    text.dir = 'auto';
    block.appendChild(text);
    $.judge.appendChild(block);
  }
}

function choose(slot: 'A' | 'B' | 'tie' | 'both-bad'): void {
  const pair = current();
  if (!pair) return;
  post({ type: 'label', hash: pair.hash, slot, note: $.note.value, flags: flagsChecked(), blind: state.blind && !labels[pair.hash] });
  pending.delete(pair.hash);
}

function flagsChecked(): LabelFlag[] {
  return Array.from($.flags.querySelectorAll<HTMLInputElement>('input[data-flag]')).filter((b) => b.checked).map((b) => b.dataset.flag as LabelFlag);
}

/** Flags or the note changed: kept for the coming choice, or saved with the pair's choice as a new label. */
function changeFlagsOrNote(): void {
  const pair = current();
  if (!pair) return;
  const mine = labels[pair.hash];
  if (!mine) {
    pending.set(pair.hash, { note: $.note.value, flags: flagsChecked() });
    return;
  }
  const slot = mine.choice === 'first' || mine.choice === 'second' ? slotOf(pair, mine.choice) : mine.choice;
  post({ type: 'label', hash: pair.hash, slot, note: $.note.value, flags: flagsChecked(), blind: false });
}

function move(step: number): void {
  state.index = Math.max(0, Math.min(visible.length - 1, state.index + step));
  render();
}

function showTab(tab: PreferencePanelState['tab']): void {
  state.tab = tab;
  $.reviewView.hidden = tab !== 'review';
  $.agreementView.hidden = tab !== 'agreement';
  $.reviewTab.setAttribute('aria-selected', String(tab === 'review'));
  $.agreementTab.setAttribute('aria-selected', String(tab === 'agreement'));
  if (tab === 'agreement') post({ type: 'agreement' });
  save();
}

for (const [id, slot] of SLOT_BUTTONS) byId(id).addEventListener('click', () => choose(slot));
$.undo.addEventListener('click', () => post({ type: 'undo' }));
$.prev.addEventListener('click', () => move(-1));
$.next.addEventListener('click', () => move(1));
$.reviewTab.addEventListener('click', () => showTab('review'));
$.agreementTab.addEventListener('click', () => showTab('agreement'));
$.compute.addEventListener('click', () => post({ type: 'agreement' }));
$.export.addEventListener('click', () => post({ type: 'export', keepTies: $.keepTies.checked, keepBothBad: $.keepBothBad.checked }));
$.note.addEventListener('change', () => changeFlagsOrNote());
$.source.addEventListener('click', (event) => {
  event.preventDefault();
  const pair = current();
  if (pair) post({ type: 'openSource', line: pair.line });
});
$.filter.addEventListener('change', () => { state.filter = $.filter.value; state.index = 0; render(); });
$.sort.addEventListener('change', () => {
  state.sort = $.sort.value;
  state.index = 0;
  const unscored = pairs.map((p) => p.hash).filter((h) => !scores[h] && !scoreAsked.has(h));
  if (state.sort !== 'file' && modelDir && unscored.length) {
    unscored.forEach((h) => scoreAsked.add(h));
    post({ type: 'score', hashes: unscored });
  }
  render();
});
$.upFront.addEventListener('change', () => { state.blind = !$.upFront.checked; render(); });
$.raw.addEventListener('change', () => { state.raw = $.raw.checked; render(); });

const KEYS: Record<string, () => void> = {
  '1': () => choose('A'), a: () => choose('A'), '2': () => choose('B'), b: () => choose('B'),
  '3': () => choose('tie'), t: () => choose('tie'), '4': () => choose('both-bad'), x: () => choose('both-bad'),
  j: () => move(1), n: () => move(1), ArrowDown: () => move(1), k: () => move(-1), p: () => move(-1), ArrowUp: () => move(-1),
  u: () => post({ type: 'undo' }),
};
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (['TEXTAREA', 'INPUT', 'SELECT'].includes(target.tagName) || state.tab !== 'review') return;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
    event.preventDefault();
    post({ type: 'undo' });
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const action = KEYS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

window.addEventListener('message', (event: MessageEvent<ToPreferencePanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      strings = message.strings;
      pairs = message.pairs;
      labels = message.labels;
      modelDir = message.modelDir;
      judgeReport = message.judgeReport;
      if (state.uri !== message.name) state = { ...state, uri: message.name, index: message.index ?? 0 };
      $.name.textContent = message.name;
      $.status.textContent = '';
      setStrings(message.strings);
      fillSelects();
      $.help.textContent = `${message.strings.help} · ${format(message.strings.journal, message.journal)} · ${format(message.strings.annotator, message.annotator)}`
        + (modelDir ? '' : ` · ${message.strings.noModel}`) + (message.problems.length ? `\n${message.problems.join('\n')}` : '');
      showTab(state.tab);
      render();
      break;
    case 'labels': {
      labels = message.labels;
      // A label (or an undo) on a pair another filter would hide keeps that pair in view.
      const at = message.hash ? pairs.findIndex((p) => p.hash === message.hash) : -1;
      computeVisible();
      if (at >= 0 && visible.includes(at)) state.index = visible.indexOf(at);
      render();
      break;
    }
    case 'scores':
      scores = { ...scores, ...message.scores };
      render();
      break;
    case 'judge':
      pairs = message.pairs;
      judgeReport = message.judgeReport;
      render();
      break;
    case 'agreement':
      drawAgreement(message.report, strings!, $.table, $.consistency, $.histogram, byId('histogram-axis'));
      break;
    case 'error':
      $.status.textContent = message.message;
      break;
  }
});

post({ type: 'ready' });
