/** One readable, localized log line per trainer event, for the Run panel's log. */
import * as vscode from 'vscode';
import type { TrainerEvent } from '../../protocol';
import { describeCause } from './errorCauses';

export function formatEvent(event: TrainerEvent): string {
  const time = typeof event.time === 'number' ? new Date(event.time * 1000).toLocaleTimeString() : '';
  return `[${time}] ${describe(event)}`;
}

function describe(event: TrainerEvent): string {
  switch (event.type) {
    case 'start': {
      const base = vscode.l10n.t('Started {0} on {1}: {2} steps', event.stage, event.device, event.total_steps);
      return event.resumed_from ? `${base} ${vscode.l10n.t('(resumed from {0})', event.resumed_from)}` : base;
    }
    case 'progress':
      return vscode.l10n.t('Step {0}/{1}', event.step, event.total_steps);
    case 'metrics':
      return `${vscode.l10n.t('Step {0}:', event.step)} ${formatMetrics(event.metrics)}`;
    case 'checkpoint':
      return vscode.l10n.t('Checkpoint at step {0}: {1}', event.step, event.path);
    case 'log': {
      const level = event.level === 'error' ? vscode.l10n.t('ERROR') : event.level === 'warning' ? vscode.l10n.t('WARNING') : vscode.l10n.t('INFO');
      return `${level}: ${event.message}`;
    }
    case 'done':
      return vscode.l10n.t('Done at step {0}. Model saved to {1}', event.step, event.output_dir);
    case 'cancelled':
      return event.checkpoint
        ? vscode.l10n.t('Cancelled at step {0}. Checkpoint: {1}', event.step, event.checkpoint)
        : vscode.l10n.t('Cancelled at step {0}.', event.step);
    case 'error': {
      const head = `${vscode.l10n.t('ERROR')}: ${describeCause(event.cause)} ${event.message}`;
      return event.traceback ? `${head}\n${event.traceback.trimEnd()}` : head;
    }
    default:
      return JSON.stringify(event);
  }
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name}=${formatNumber(value)}`)
    .join('  ');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(4);
}
