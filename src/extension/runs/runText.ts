/** A run in short localized words: for the Runs view, the Run panel header and the task terminal. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunInfo } from '../../protocol';

/** "12 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return vscode.l10n.t('{0} s', s);
  if (s < 3600) return vscode.l10n.t('{0} min {1} s', Math.floor(s / 60), s % 60);
  return vscode.l10n.t('{0} h {1} min', Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}

/** "stage 2/3: reward", or undefined for a single-stage run. */
export function pipelineStage(run: RunInfo): string | undefined {
  const pipeline = run.pipeline;
  if (!pipeline || pipeline.stages.length === 0) return undefined;
  const current = Math.min(pipeline.current, pipeline.stages.length - 1);
  return vscode.l10n.t('stage {0}/{1}: {2}', current + 1, pipeline.stages.length, pipeline.stages[current]);
}

/** Pipeline stage and time left of a live run, e.g. "stage 2/3: reward · about 2 min 5 s left". */
export function progressNote(run: RunInfo): string {
  const parts: string[] = [];
  const stage = pipelineStage(run);
  if (stage) parts.push(stage);
  const live = run.state === 'running' || run.state === 'starting';
  if (live && typeof run.etaSeconds === 'number' && Number.isFinite(run.etaSeconds)) {
    parts.push(vscode.l10n.t('about {0} left', formatDuration(run.etaSeconds)));
  }
  return parts.join(' · ');
}

/** The config file name without its extension: what a person recognises a run by. */
export function configName(run: RunInfo): string {
  return path.basename(run.configPath).replace(/\.ya?ml$/i, '');
}

/** One line about a run: "tiny-sft · SFT · cancelled · 12/40". */
export function runSummary(run: RunInfo): string {
  return `${configName(run)} · ${run.stage.toUpperCase()} · ${run.state} · ${run.step}/${run.totalSteps}`;
}
