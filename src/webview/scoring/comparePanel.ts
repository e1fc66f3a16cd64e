/** Compare panel webview: the prompt and two scored responses side by side. Text only via textContent. */
import type { Comparison, FromComparePanel, ToComparePanel } from './compareMessages';
import { byId, vscodeApi } from '../shared/vscodeApi';

const vscode = vscodeApi<Comparison, FromComparePanel>();
const SIDES = ['a', 'b'] as const;

function sideElement(selector: string, side: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`${selector}[data-side="${side}"]`);
  if (!element) throw new Error(`${selector}[data-side="${side}"] missing from the panel`);
  return element;
}

byId('source').addEventListener('click', (event) => {
  event.preventDefault();
  vscode.postMessage({ type: 'openSource' });
});

window.addEventListener('message', (event: MessageEvent<ToComparePanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'show': {
      const { strings, comparison } = message;
      byId('prompt-label').textContent = strings.prompt;
      sideElement('.label', 'a').textContent = strings.chosen;
      sideElement('.label', 'b').textContent = strings.rejected;
      byId('source-label').textContent = strings.source;
      byId('model-label').textContent = strings.model;
      byId('inference-label').textContent = strings.inference;
      document.body.dataset.scoreLabel = strings.score;
      document.body.dataset.higherLabel = strings.higher;
      render(comparison);
      vscode.setState(comparison);
      break;
    }
  }
});

function render(comparison: Comparison): void {
  byId('prompt').textContent = comparison.prompt;
  byId('source').textContent = comparison.source;
  byId('model').textContent = comparison.modelDir;
  byId('inference').textContent = `${comparison.inferenceMs.toFixed(1)} ms`;
  const [a, b] = comparison.scores;
  const higher = a === b ? undefined : a > b ? 'a' : 'b';
  SIDES.forEach((side, i) => {
    sideElement('.response', side).textContent = comparison.responses[i];
    const score = sideElement('.score', side);
    score.textContent = comparison.scores[i].toFixed(4);
    score.dataset.score = String(comparison.scores[i]);
    score.title = `${document.body.dataset.scoreLabel ?? ''}: ${comparison.scores[i]}`;
    const column = sideElement('.column', side);
    column.classList.toggle('higher', side === higher);
    const badge = sideElement('.badge', side);
    badge.textContent = side === higher ? (document.body.dataset.higherLabel ?? '') : '';
  });
}

const saved = vscode.getState();
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
