// UI flow: generation from the exported policy as a person runs it. The tiny SFT policy (trained and exported with
// `export-onnx --kind policy` in the background, like the reward model) is where `arabicLLM.generation.modelDir`
// points; "Arabic LLM: Generate with the Exported Policy…" asks for the user message, the engine generates with
// onnxruntime-node, and the answer opens beside as Markdown with the token count. Screenshot: generate.png.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { poll, runCommand, screenshot, sleep, tidy } from '../lib/browser.mjs';

const PROMPT = 'كيف أرحب بضيف في بيتي؟';

export default async function generateFlow(ctx) {
  const { h, page, resultsDir, shots, secs, policyModel, policyDir } = ctx;
  await h.test('ui: generate — the palette command asks for a message and opens the policy\'s answer beside', async (t) => {
    const model = await policyModel;
    cpSync(model.dir, policyDir, { recursive: true });
    t.note(`policy: ${model.note}`);
    await tidy(page);
    const t0 = Date.now();
    await runCommand(page, 'Arabic LLM: Generate with the Exported Policy');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(PROMPT);
    await page.keyboard.press('Enter');
    const answer = await poll(async () => {
      const texts = await page.locator('.editor-instance .monaco-editor .view-lines').evaluateAll((els) => els.map((e) => e.innerText.replace(/\u00A0/g, ' ')));
      return texts.find((text) => /tokens in \d+ ms · greedy/.test(text));
    }, { timeoutMs: 90_000, what: 'an editor with the generated answer' });
    if (!answer.includes(PROMPT)) throw new Error(`the answer document does not show the prompt:\n${answer.slice(0, 400)}`);
    if (!answer.includes('## Response')) throw new Error(`no "## Response" section:\n${answer.slice(0, 400)}`);
    t.note(`answer opened ${secs(t0)} after the command: ${answer.replace(/\s+/g, ' ').slice(0, 200)}`);
    await sleep(500);
    shots.push(await screenshot(page, path.join(resultsDir, 'generate.png')));
  }, { timeoutMs: 600_000 });
}
