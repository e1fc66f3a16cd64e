/**
 * The environment check before a run starts: the engine's report in words, and the gate — blocking problems
 * stop the run with an error listing them, warnings ask once (modal), a clean report is a status-bar line.
 */
import * as vscode from 'vscode';
import { formatBytes } from '../../core/shared/formatBytes';
import { Methods, type EnvDevice, type EnvReport, type MemoryEstimate } from '../../protocol';
import { errorMessage, type Services } from '../services';

export interface EnvReportText {
  /** One line, e.g. "cpu · Python 3.12.3 · torch 2.13.0 · needs 16.4 MiB per device (fits)". */
  summary: string;
  lines: string[];
}

/** Where the gate also writes the report (a task's terminal). */
export type LineWriter = (line: string) => void;

const METHOD_NOT_FOUND = -32601;

export function describeEnvReport(report: EnvReport): EnvReportText {
  const summary = [
    report.devices.length ? report.devices.map((d) => d.kind).join(', ') : vscode.l10n.t('no device found'),
    report.pythonVersion ? `Python ${report.pythonVersion}` : vscode.l10n.t('no Python'),
    report.torch ? `torch ${report.torch}` : vscode.l10n.t('no torch'),
    ...(report.estimate ? [estimateShort(report.estimate)] : []),
  ].join(' · ');
  const lines = [
    ...report.devices.map(deviceLine),
    report.python
      ? vscode.l10n.t('Python: {0} ({1})', report.python, report.pythonVersion ?? '?')
      : vscode.l10n.t('Python: not found'),
    vscode.l10n.t('PyTorch: {0} · trainer: {1}', report.torch ?? vscode.l10n.t('not installed'), report.trainerVersion ?? vscode.l10n.t('not installed')),
    ...(report.freeDiskBytes !== null ? [vscode.l10n.t('Free disk for the run folder: {0}', formatBytes(report.freeDiskBytes))] : []),
    ...(report.estimate ? estimateLines(report.estimate) : []),
    ...report.problems.map((p) => vscode.l10n.t('Problem: {0}', p)),
    ...report.warnings.map((w) => vscode.l10n.t('Warning: {0}', w)),
  ];
  return { summary, lines };
}

function deviceLine(device: EnvDevice): string {
  const memory = device.memoryBytes === null ? vscode.l10n.t('memory unknown') : formatBytes(device.memoryBytes);
  return vscode.l10n.t('Device: {0} — {1} ({2})', device.kind, device.name, memory);
}

function fitText(estimate: MemoryEstimate): string {
  if (estimate.fits === null) return vscode.l10n.t('device memory unknown');
  return estimate.fits ? vscode.l10n.t('fits') : vscode.l10n.t('does not fit');
}

function estimateShort(estimate: MemoryEstimate): string {
  return vscode.l10n.t('needs {0} per device ({1})', formatBytes(estimate.perDeviceBytes), fitText(estimate));
}

function estimateLines(estimate: MemoryEstimate): string[] {
  return [
    vscode.l10n.t('Memory estimate: {0} per device for {1} parameters, {2} ({3})',
      formatBytes(estimate.perDeviceBytes), estimate.parameters.toLocaleString(), estimate.method, fitText(estimate)),
    `  ${estimate.explanation}`,
  ];
}

/**
 * Checks the environment for a run config. Resolves to the report when the run may start (null when the engine
 * has no environment check), or undefined when it must not.
 */
export async function checkEnvironment(services: Services, configPath: string, write?: LineWriter): Promise<EnvReport | null | undefined> {
  let report: EnvReport;
  try {
    report = await services.engine.request(Methods.envCheck, { configPath });
  } catch (error) {
    if ((error as { code?: number }).code === METHOD_NOT_FOUND) {
      services.log.warn('The engine has no environment check; starting without one.');
      return null;
    }
    const message = vscode.l10n.t('Could not check the environment: {0}', errorMessage(error));
    write?.(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const text = describeEnvReport(report);
  services.log.info(`Environment check for ${configPath}:\n  ${text.lines.join('\n  ')}`);
  write?.(vscode.l10n.t('Environment: {0}', text.summary));
  text.lines.forEach((line) => write?.(`  ${line}`));

  if (report.problems.length > 0) {
    const details = vscode.l10n.t('Show Details');
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The run cannot start: {0}', report.problems.join(' · ')), details,
    ).then((choice) => { if (choice === details) services.log.show(); });
    return undefined;
  }
  if (report.warnings.length > 0) {
    const start = vscode.l10n.t('Start Anyway');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The environment check has warnings about this run.'),
      { modal: true, detail: [...report.warnings, '', ...text.lines].join('\n') },
      start,
    );
    if (choice !== start) {
      write?.(vscode.l10n.t('Not started: the warnings were not accepted.'));
      return undefined;
    }
    return report;
  }
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Environment check passed: {0}', text.summary)}`, 10_000);
  return report;
}
