/** The agreement tab: accuracy and kappa per pair of raters, the judge's position consistency, a margin histogram. */
import type { AgreementReport } from '../../core/preferences/agreementReport';
import type { PreferencePanelStrings } from './preferenceMessages';
import { clear, element } from './recordBlocks';

const format = (template: string, ...values: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));
const num = (x: number | null) => (x === null ? '—' : x.toFixed(3));

export function drawAgreement(report: AgreementReport, strings: PreferencePanelStrings, table: HTMLTableElement, consistency: HTMLElement, histogram: HTMLElement, axis: HTMLElement): void {
  const head = table.tHead!.rows[0];
  clear(head);
  for (const title of [strings.rater, strings.pairs, strings.accuracy, strings.kappa]) head.appendChild(element('th', undefined, title));
  const body = table.tBodies[0];
  clear(body);
  for (const row of report.agreement) {
    const tr = element('tr');
    tr.dataset.raters = `${row.a}|${row.b}`;
    const raters = element('td', undefined, `${row.a} ↔ ${row.b}`);
    raters.dir = 'auto';
    tr.append(raters, element('td', 'number', String(row.pairs)), element('td', 'number', num(row.accuracy)), element('td', 'number', num(row.kappa)));
    body.appendChild(tr);
  }
  const pc = report.positionConsistency;
  consistency.textContent = pc.pairs ? format(strings.positionConsistency, pc.consistent, pc.pairs, num(pc.rate)) : '';
  clear(histogram);
  const { edges, counts } = report.margins;
  const most = Math.max(1, ...counts);
  counts.forEach((count, i) => {
    const bar = element('div', 'bar');
    bar.title = `[${edges[i].toFixed(3)}, ${edges[i + 1].toFixed(3)}): ${count}`;
    const fill = element('div', 'fill');
    // CSSOM, not a style attribute: allowed by the panel's CSP.
    fill.style.height = `${(100 * count) / most}%`;
    bar.append(fill, element('span', 'count', count ? String(count) : ''));
    histogram.appendChild(bar);
  });
  histogram.dataset.bins = String(counts.length);
  histogram.dir = 'ltr';
  clear(axis);
  axis.dir = 'ltr';
  if (edges.length) for (const edge of [edges[0], 0, edges[edges.length - 1]]) axis.appendChild(element('span', undefined, edge.toFixed(2)));
}
