/** The Results panel's exports: its tables as CSV (one line per row, three columns per run) or JSON. */
import { csvField } from '../formats/csvParser';
import type { ResultsTable } from './resultsTables';

const number = (value: number | undefined) => (value === undefined ? '' : String(value));

/** Columns: benchmark, kind, name, depth, then per run `LABEL`, `LABEL stderr`, `LABEL n`; then the published rows. */
export function tablesCsv(tables: readonly ResultsTable[]): string {
  const lines: string[] = [];
  for (const table of tables) {
    const heading = ['benchmark', 'kind', 'name', 'depth', ...table.columns.flatMap((c) => [c.label, `${c.label} stderr`, `${c.label} n`])];
    lines.push(heading.map(csvField).join(','));
    for (const row of table.rows) {
      const cells = row.cells.flatMap((cell) => [number(cell?.value), number(cell?.stderr), number(cell?.n)]);
      lines.push([table.benchmark, row.kind, row.name, String(row.depth), ...cells].map(csvField).join(','));
    }
    for (const ref of table.reference) {
      lines.push([table.benchmark, `published, ${ref.split} split`, ref.model, '0', String(ref.value)].map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function tablesJson(tables: readonly ResultsTable[]): string {
  return JSON.stringify({ tables }, null, 2) + '\n';
}
