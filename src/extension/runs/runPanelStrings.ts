/** Localized strings of the Run panel and the run comparison panel. */
import * as vscode from 'vscode';
import type { ChartTitles } from '../../webview/runs/chartSpecs';
import type { RunCompareStrings, RunPanelStrings } from '../../webview/runs/runMessages';

export function chartTitles(): ChartTitles {
  return {
    loss: vscode.l10n.t('Loss'),
    learning_rate: vscode.l10n.t('Learning rate'),
    grad_norm: vscode.l10n.t('Gradient norm'),
    tokens_per_second: vscode.l10n.t('Tokens per second'),
    accuracy: vscode.l10n.t('Reward accuracy'),
    margin: vscode.l10n.t('Reward margin'),
    reward: vscode.l10n.t('Reward'),
    kl: vscode.l10n.t('KL divergence'),
    entropy: vscode.l10n.t('Entropy'),
  };
}

export function runPanelStrings(): RunPanelStrings {
  return {
    cancel: vscode.l10n.t('Cancel Run'),
    resume: vscode.l10n.t('Resume'),
    resumeHere: vscode.l10n.t('Resume from Here'),
    step: vscode.l10n.t('Step'),
    noEvents: vscode.l10n.t('No events yet.'),
    log: vscode.l10n.t('Log'),
    checkpoints: vscode.l10n.t('Checkpoints'),
    environment: vscode.l10n.t('Environment'),
    titles: chartTitles(),
  };
}

export function runCompareStrings(): RunCompareStrings {
  return {
    step: vscode.l10n.t('Step'),
    titles: chartTitles(),
    nothingCommon: vscode.l10n.t('The two runs have no metric in common yet.'),
  };
}
