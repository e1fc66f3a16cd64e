/** Trainer error causes in words the user can act on. */
import * as vscode from 'vscode';
import type { ErrorCause } from '../../protocol';

export function describeCause(cause: ErrorCause): string {
  switch (cause) {
    case 'out_of_memory':
      return vscode.l10n.t('The device ran out of memory. Lower the batch size or max_length, or use LoRA.');
    case 'missing_file':
      return vscode.l10n.t('A file the run needs was not found. Check the paths in the run config.');
    case 'bad_config':
      return vscode.l10n.t('The run config is not valid.');
    case 'missing_dependency':
      return vscode.l10n.t('A Python package the trainer needs is missing. Run "Set Up Python Environment".');
    default:
      return vscode.l10n.t('The trainer failed.');
  }
}
