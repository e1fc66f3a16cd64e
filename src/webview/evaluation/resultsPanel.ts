/**
 * Results panel webview: one table per benchmark (score, groups, tasks; a column per eval run, score ± standard
 * error), the published reference rows, and a drill-down into one run's items with a verdict filter.
 * Text only via textContent; every text cell is dir="auto" (Arabic questions and answers read right to left).
 */
import { ITEM_FILTERS, type ItemFilter } from '../../core/evaluation/resultsItems';
import { formatCell, type ResultsTable } from '../../core/evaluation/resultsTables';
import type { DrillDown, FromResultsPanel, ResultsState, ResultsStrings, ToResultsPanel } from './resultsMessages';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<ResultsState, FromResultsPanel>();
const tablesBox = byId<HTMLDivElement>('tables');
const problems = byId<HTMLUListElement>('problems');
const runSelect = byId<HTMLSelectElement>('drill-run');
const taskSelect = byId<HTMLSelectElement>('drill-task');
const filterSelect = byId<HTMLSelectElement>('drill-filter');
const shown = byId<HTMLSpanElement>('drill-shown');
const itemsTable = byId<HTMLTableElement>('items');
let strings: ResultsStrings | undefined;

byId<HTMLButtonElement>('add-runs').addEventListener('click', () => vscode.postMessage({ type: 'addRuns' }));
byId<HTMLButtonElement>('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
byId<HTMLButtonElement>('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
const askItems = () => vscode.postMessage({ type: 'items', runId: runSelect.value, filter: filterSelect.value as ItemFilter, task: taskSelect.value });
runSelect.addEventListener('change', () => {
  taskSelect.value = '';
  askItems();
});
taskSelect.addEventListener('change', askItems);
filterSelect.addEventListener('change', askItems);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function option(select: HTMLSelectElement, value: string, label: string): void {
  const node = element('option', label);
  node.value = value;
  select.append(node);
}

function renderTable(table: ResultsTable): HTMLElement {
  const section = element('section', undefined, 'benchmark');
  section.dataset.benchmark = table.benchmark;
  section.append(element('h2', `${table.benchmark} · ${table.metric}`));
  const grid = element('table', undefined, 'scores');
  const head = grid.createTHead().insertRow();
  head.append(element('th', ''));
  for (const column of table.columns) {
    const th = element('th', column.label);
    th.dir = 'auto';
    th.title = [column.id, column.split, column.method, column.extraction].filter(Boolean).join(' · ');
    head.append(th);
  }
  const body = grid.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    tr.dataset.kind = row.kind;
    tr.dataset.key = row.key;
    const name = element('th', row.kind === 'score' ? strings!.score : row.name);
    name.dir = 'auto';
    name.style.paddingInlineStart = `${0.5 + row.depth * 1.2}em`;
    tr.append(name);
    for (const cell of row.cells) {
      const td = element('td', formatCell(cell));
      if (cell?.n !== undefined) td.title = `n = ${cell.n}${cell.unparsed ? ` · ${strings!.unparsedMark} ${cell.unparsed}` : ''}`;
      tr.append(td);
    }
  }
  for (const ref of table.reference) {
    const tr = body.insertRow();
    tr.dataset.kind = 'published';
    const name = element('th', `${ref.model} (${strings!.published.replace('{0}', ref.split)})`);
    name.dir = 'auto';
    if (ref.note) name.title = ref.note;
    tr.append(name);
    const td = element('td', ref.value.toFixed(4));
    td.colSpan = Math.max(1, table.columns.length);
    tr.append(td);
  }
  section.append(grid);
  return section;
}

function renderItems(drill: DrillDown): void {
  const s = strings!;
  if (taskSelect.options.length !== drill.tasks.length + 1) {
    taskSelect.replaceChildren();
    option(taskSelect, '', s.allTasks);
    for (const task of drill.tasks) option(taskSelect, task, task);
  }
  runSelect.value = drill.runId;
  taskSelect.value = drill.task;
  filterSelect.value = drill.filter;
  shown.textContent = s.shown.replace('{0}', String(drill.items.length)).replace('{1}', String(drill.matching))
    + ` · ${s.verdicts.correct} ${drill.counts.correct} · ${s.verdicts.wrong} ${drill.counts.wrong} · ${s.verdicts.unparsed} ${drill.counts.unparsed}`;
  itemsTable.replaceChildren();
  const head = itemsTable.createTHead().insertRow();
  const c = s.columns;
  for (const label of [c.task, c.id, c.prompt, c.response, c.extracted, c.gold, c.verdict]) head.append(element('th', label));
  const body = itemsTable.createTBody();
  for (const item of drill.items) {
    const tr = body.insertRow();
    tr.dataset.verdict = item.verdict;
    for (const [text, cls] of [[item.task, ''], [item.id, ''], [item.prompt, 'long'], [item.error ? `${item.response} (${item.error})` : item.response, 'long'],
      [item.extracted ?? '—', ''], [item.gold, ''], [s.verdicts[item.verdict], 'verdict']] as const) {
      const td = element('td', text, cls || undefined);
      td.dir = 'auto';
      tr.append(td);
    }
  }
}

window.addEventListener('message', (event: MessageEvent<ToResultsPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': {
      strings = message.strings;
      vscode.setState({ dirs: message.dirs });
      byId('results-title').textContent = strings.title;
      byId('add-runs').textContent = strings.addRuns;
      byId('export-csv').textContent = strings.exportCsv;
      byId('export-json').textContent = strings.exportJson;
      byId('drill-heading').textContent = strings.items;
      byId('drill-run-label').textContent = strings.run;
      byId('drill-task-label').textContent = strings.task;
      tablesBox.replaceChildren(...(message.tables.length ? message.tables.map(renderTable) : [element('p', strings.noRuns, 'note')]));
      problems.replaceChildren(...message.problems.map((p) => {
        const li = element('li', p);
        li.dir = 'auto';
        return li;
      }));
      runSelect.replaceChildren();
      for (const run of message.runs) option(runSelect, run.id, run.label === run.id ? run.id : `${run.label} (${run.id})`);
      filterSelect.replaceChildren();
      for (const filter of ITEM_FILTERS) option(filterSelect, filter, strings.filter[filter]);
      taskSelect.replaceChildren();
      option(taskSelect, '', strings.allTasks);
      if (message.runs.length) askItems();
      break;
    }
    case 'items':
      renderItems(message.drill);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
