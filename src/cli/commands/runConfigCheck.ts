/** A run config's problems as the editor shows them, one `FILE:LINE:COLUMN: severity message` line each (1-based). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnoseRunConfig, isRunConfig } from '../../engine/runConfigEditor/runConfigAssist';

export interface RunConfigCheck {
  lines: string[];
  errors: number;
}

export function checkRunConfig(file: string): RunConfigCheck {
  const absolute = path.resolve(file);
  const document = TextDocument.create(pathToFileURL(absolute).href, 'yaml', 1, readFileSync(absolute, 'utf8'));
  const diagnostics = diagnoseRunConfig(document, absolute);
  const lines = diagnostics.map((d) => {
    const severity = d.severity === DiagnosticSeverity.Error ? 'error' : 'warning';
    return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity} ${d.message}`;
  });
  return { lines, errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length };
}

/** A YAML file with a top-level `stage:` key, as the editor tells run configs. */
export function isRunConfigFile(file: string): boolean {
  return /\.ya?ml$/i.test(file) && isRunConfig(file, readFileSync(file, 'utf8'));
}
