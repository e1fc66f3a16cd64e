/**
 * "Generate with the Exported Policy…": greedy generation from a policy exported to ONNX (export-onnx --kind
 * policy), run by the engine with onnxruntime-node. The prompt is the selection, or typed; the answer opens
 * beside it as a Markdown document with the model, token count and time.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Methods, type GenerateResult } from '../../protocol';
import { errorMessage, type Services } from '../services';
import { generationMaxNewTokens, generationModelDir } from '../shared/settings';
import { readyOnnxModelDir } from './onnxModelDir';

/** Arguments (optional, for tests): the prompt; when given, nothing is asked. */
export async function generateWithPolicy(services: Services, promptArg?: string): Promise<GenerateResult | undefined> {
  const configuredDir = generationModelDir();
  const modelDir = await readyOnnxModelDir(
    configuredDir,
    vscode.l10n.t(
      'No exported policy in {0}. Train a policy (a run config with "stage: sft" or "stage: rlaif"), then export it: python -m alw_trainer export-onnx --kind policy --model <run folder>/output --out {0}. Or set "arabicLLM.generation.modelDir".',
      configuredDir ?? vscode.l10n.t('(no workspace folder)'),
    ),
    'arabicLLM.generation.modelDir',
  );
  if (!modelDir) return undefined;
  const prompt = promptArg ?? (await askPrompt());
  if (!prompt?.trim()) return undefined;
  let result: GenerateResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating with {0}…', path.basename(modelDir)) },
      () => services.engine.request(Methods.generate, { modelDir, prompt, maxNewTokens: generationMaxNewTokens() }),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Generation failed: {0}', errorMessage(error)));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: answerText(prompt, result) });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return result;
}

async function askPrompt(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
  if (selected?.trim()) return selected;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Generate with the Exported Policy'),
    prompt: vscode.l10n.t('The user message (the model\'s chat template is applied)'),
    placeHolder: vscode.l10n.t('e.g. ما عاصمة المغرب؟'),
    ignoreFocusOut: true,
  });
}

function answerText(prompt: string, result: GenerateResult): string {
  return [
    `## ${vscode.l10n.t('Prompt')}`, '', prompt, '',
    `## ${vscode.l10n.t('Response')}`, '', result.text || vscode.l10n.t('(empty: the model ended at once)'), '',
    '---',
    vscode.l10n.t('{0} tokens in {1} ms · greedy · {2}', result.tokens.length, Math.round(result.inferenceMs), result.modelDir),
    '',
  ].join('\n');
}
