/**
 * Issue 11, the Get Started walkthrough (contributes.walkthroughs): every step's command links and onCommand
 * completion events name a command the extension contributes (or one of VS Code's, listed here), its onView
 * events a contributed view, and every step's Markdown media exists in English and in Arabic — VS Code reads
 * `foo.nls.<locale>.md` beside `foo.md` for the display language (its welcomeGettingStarted readContentsOfPath).
 * The %keys% themselves are checked for both languages in l10nBundles.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const pkg = readJson('package.json');
const nls: Record<string, Record<string, string>> = { en: readJson('package.nls.json'), ar: readJson('package.nls.ar.json') };
const ARABIC_LETTER = /[\u0621-\u064A]/;

interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }
interface Walkthrough { id: string; title: string; description: string; steps: Step[] }
const walkthroughs: Walkthrough[] = pkg.contributes.walkthroughs ?? [];

/** VS Code's own commands the walkthrough uses; the view container's `workbench.view.extension.<id>` too. */
const BUILT_IN = new Set([
  'workbench.action.quickOpen',
  'workbench.action.terminal.new',
  ...Object.values(pkg.contributes.viewsContainers as Record<string, { id: string }[]>).flat().map((c) => `workbench.view.extension.${c.id}`),
]);
const contributed = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
const views = new Set(Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id));

const localized = (value: string, lang: string) => {
  const key = /^%(.+)%$/.exec(value)?.[1];
  assert.ok(key, `not localized: ${JSON.stringify(value)} (give it a %key% in package.nls.json)`);
  return nls[lang][key];
};
/** The `command:` links of a Markdown text: the id and the decoded arguments. */
const commandLinks = (text: string) => [...text.matchAll(/\]\(command:([\w.-]+)(?:\?([^)\s]+))?\)/g)].map((m) => ({ id: m[1], args: m[2] }));
const fencedBlocks = (text: string) => [...text.matchAll(/```[\s\S]*?```/g)].map((m) => m[0]);

test('the walkthrough takes a new user through the whole recipe, step by step', () => {
  assert.equal(walkthroughs.length, 1);
  assert.deepEqual(walkthroughs[0].steps.map((s) => s.id), ['setupPython', 'checkDataset', 'train', 'labelPreferences', 'evaluate', 'compareRuns']);
  for (const lang of ['en', 'ar']) {
    localized(walkthroughs[0].title, lang);
    localized(walkthroughs[0].description, lang);
  }
  // The evaluation step runs Evaluate… and names the equivalent command line.
  const evaluate = walkthroughs[0].steps[4];
  assert.match(localized(evaluate.description, 'en'), /command:arabicLLM\.evaluate\b/);
  assert.match(localized(evaluate.description, 'en'), /alw eval run/);
});

test('every step has a command button, and every command it names or waits for exists', () => {
  for (const step of walkthroughs.flatMap((w) => w.steps)) {
    for (const lang of ['en', 'ar']) {
      const title = localized(step.title, lang);
      const description = localized(step.description, lang);
      assert.ok(lang === 'en' || (ARABIC_LETTER.test(title) && ARABIC_LETTER.test(description)), `${step.id}: not translated`);
      const links = commandLinks(description);
      assert.ok(links.length > 0, `${step.id} (${lang}): no command link`);
      for (const { id, args } of links) {
        assert.ok(contributed.has(id) || BUILT_IN.has(id), `${step.id} (${lang}): command:${id} is neither contributed nor built in`);
        if (args) assert.ok(Array.isArray(JSON.parse(decodeURIComponent(args))), `${step.id}: command:${id} arguments are not a JSON array`);
      }
    }
    assert.deepEqual(commandLinks(localized(step.description, 'ar')).map((l) => l.id), commandLinks(localized(step.description, 'en')).map((l) => l.id),
      `${step.id}: the Arabic description links the English one's commands`);
    assert.ok(step.completionEvents?.length, `${step.id}: no completion event`);
    for (const event of step.completionEvents!) {
      const [kind, target] = event.split(/:(.*)/s);
      if (kind === 'onCommand') assert.ok(contributed.has(target) || BUILT_IN.has(target), `${step.id}: ${event} waits for an unknown command`);
      else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${event} waits for an unknown view`);
      else assert.fail(`${step.id}: completion event ${event} is not checked here`);
    }
  }
});

test('every step\'s Markdown media exists in English and Arabic, with the same command lines', () => {
  for (const step of walkthroughs.flatMap((w) => w.steps)) {
    const file = step.media.markdown;
    assert.ok(file, `${step.id}: no Markdown media`);
    const arabicFile = file.replace(/\.md$/, '.nls.ar.md');
    for (const f of [file, arabicFile]) assert.ok(existsSync(path.join(root, f)), `${step.id}: ${f} does not exist`);
    const english = readFileSync(path.join(root, file), 'utf8');
    const arabic = readFileSync(path.join(root, arabicFile), 'utf8');
    assert.match(english, /^# \S/, `${file}: starts with its title`);
    assert.ok(ARABIC_LETTER.test(arabic), `${arabicFile}: not in Arabic`);
    assert.deepEqual(fencedBlocks(arabic), fencedBlocks(english), `${arabicFile}: the code blocks of ${file}`);
    for (const { id } of [...commandLinks(english), ...commandLinks(arabic)]) assert.ok(contributed.has(id) || BUILT_IN.has(id), `${file}: command:${id}`);
  }
});
