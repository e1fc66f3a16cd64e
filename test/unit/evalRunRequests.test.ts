/**
 * Issue 11, "Run evaluations": the requests `alw eval run` sends the trainer, from the shipped definitions.
 * The AceGPT harness's few-shot prompt to the character (instruction line, exemplars, query, stripped fields),
 * as shots the trainer can drop last first; zero-shot chat messages; ACVA's base prompt with its response
 * prefix; loglikelihood continuations; ids; --limit; an item is never its own exemplar.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { BenchmarkDefinition } from '../../src/core/evaluation/benchmarkDefinition';
import { planRequests, type EvalItem } from '../../src/core/evaluation/evalPrompts';

const root = path.resolve(__dirname, '../../..');
const shipped = (name: string) => parse(readFileSync(path.join(root, 'benchmarks', `${name}.yaml`), 'utf8')) as BenchmarkDefinition;

const mcq = (task: string, key: string, question: string, answer: string): EvalItem => {
  const q = question.trim();
  return { task, key, record: { question, A: `${q}-a`, B: `${q}-b `, C: ` ${q}-c`, D: `${q}-d`, answer } };
};

const dev = new Map([['anatomy', [mcq('anatomy', '0', 'ما العظم؟', 'A'), mcq('anatomy', '1', 'ما العصب؟', 'C')]]]);
const testItems = new Map([['anatomy', [mcq('anatomy', '0', ' ما القلب؟ ', 'B'), mcq('anatomy', '1', 'ما الرئة؟', 'D'), mcq('anatomy', '2', 'ما الكبد؟', 'A')]]]);

test('base model, few-shot: the AceGPT harness prompt exactly, exemplars in shots (instruction on the first), id task/row', () => {
  const [first] = planRequests(shipped('mmlu-ar'), testItems, dev, { methods: ['generative'] });
  assert.deepEqual(first.request, {
    id: 'anatomy/0',
    type: 'generate',
    prompt: 'سؤال: ما القلب؟\nA. ما القلب؟-a\nB. ما القلب؟-b\nC. ما القلب؟-c\nD. ما القلب؟-d\nإجابة:',
    shots: [
      'فيما يلي أسئلة الاختيار من متعدد (مع الإجابات) حول تشريح\n\n'
        + 'سؤال: ما العظم؟\nA. ما العظم؟-a\nB. ما العظم؟-b\nC. ما العظم؟-c\nD. ما العظم؟-d\nإجابة: A\n\n',
      'سؤال: ما العصب؟\nA. ما العصب؟-a\nB. ما العصب؟-b\nC. ما العصب؟-c\nD. ما العصب؟-d\nإجابة: C\n\n',
    ],
    max_new_tokens: 10,
  });
  assert.equal(first.shotsRequested, 5);
  assert.equal(first.gold, 'B');
  // The whole context is the harness's few_shot_prompt.format(test_question=query) inside its task prompt.
  const context = first.request.shots!.join('') + first.request.prompt!;
  assert.ok(context.startsWith('فيما يلي أسئلة الاختيار من متعدد (مع الإجابات) حول تشريح\n\nسؤال: ما العظم؟'));
  assert.ok(context.includes('إجابة: C\n\nسؤال: ما القلب؟\n'));
});

test('--limit takes the first items of each task; --shots caps the exemplars; --shots 0 keeps the instruction in the prompt', () => {
  const planned = planRequests(shipped('mmlu-ar'), testItems, dev, { methods: ['generative'], limit: 2, shots: 1 });
  assert.deepEqual(planned.map((p) => p.request.id), ['anatomy/0', 'anatomy/1']);
  assert.equal(planned[0].request.shots!.length, 1);
  assert.equal(planned[0].shotsRequested, 1);
  const [zero] = planRequests(shipped('mmlu-ar'), testItems, new Map(), { methods: ['generative'], shots: 0, limit: 1 });
  assert.deepEqual(zero.request.shots, []);
  assert.ok(zero.request.prompt!.startsWith('فيما يلي أسئلة الاختيار من متعدد (مع الإجابات) حول تشريح\n\nسؤال: ما القلب؟'));
});

test('evaluating the dev split itself: an item is never its own exemplar', () => {
  const planned = planRequests(shipped('mmlu-ar'), dev, dev, { methods: ['generative'] });
  assert.equal(planned[0].request.shots!.length, 1);
  assert.ok(planned[0].request.shots![0].includes('ما العصب؟') && !planned[0].request.shots![0].includes('ما العظم؟'));
  assert.ok(planned[1].request.shots![0].includes('ما العظم؟'));
});

test('chat model, zero-shot: one user message with the instruction, no response prefix, no shots', () => {
  const exams = new Map([['Islamic Studies', [{ task: 'Islamic Studies', key: 'Islamic Studies-7', record: { id: 'Islamic Studies-7', question: 'س', A: 'أ', B: 'ب', C: 'ج', D: 'د', answer: 'A' } }]]]);
  const [planned] = planRequests(shipped('exams'), exams, new Map(), { methods: ['generative'], chat: true });
  assert.deepEqual(planned.request, {
    id: 'Islamic Studies/Islamic Studies-7',
    type: 'generate',
    messages: [{
      role: 'user',
      content: "فيما يلي أسئلة الاختيار من متعدد حول الدراسات الإسلامية\n\nسؤال: س\nA. أ\nB. ب\nC. ج\nD. د\nمن فضلك اختر إجابة واحدة من بين 'A، B، C، D' دون شرح.",
    }],
    max_new_tokens: 10,
  });
  assert.equal(planned.shotsRequested, 0);
});

test('ACVA base model: the zero-shot template plus the response prefix, 20 new tokens; loglikelihood weighs " نعم" and " لا"', () => {
  const acva = new Map([['Algeria', [{ task: 'Algeria', key: 'Algeria-1', record: { id: 'Algeria-1', question: 'الجزائر بلد عربي.', answer: 'نعم' } }]]]);
  const [generate, loglikelihood] = planRequests(shipped('acva'), acva, new Map(), { methods: ['generative', 'loglikelihood'] });
  assert.deepEqual(generate.request, {
    id: 'Algeria/Algeria-1', type: 'generate', prompt: 'الجزائر بلد عربي.\nهل العبارة السابقة صحيحة؟ أجب بنعم أو لا.\nإجابة:', max_new_tokens: 20,
  });
  assert.deepEqual(loglikelihood.request, {
    id: 'Algeria/Algeria-1#ll', type: 'loglikelihood', prompt: generate.request.prompt, continuations: [' نعم', ' لا'],
  });
  assert.deepEqual(loglikelihood.answers, ['نعم', 'لا']);
});

test('loglikelihood on MCQ: one continuation per option letter after a space (lm-eval), the same context as generation', () => {
  const [planned] = planRequests(shipped('mmlu-ar'), testItems, dev, { methods: ['loglikelihood'], limit: 1 });
  assert.equal(planned.request.id, 'anatomy/0');
  assert.deepEqual(planned.request.continuations, [' A', ' B', ' C', ' D']);
  assert.equal(planned.request.shots!.length, 2);
  assert.equal(planned.request.max_new_tokens, undefined);
  const [chat] = planRequests(shipped('mmlu-ar'), testItems, dev, { methods: ['loglikelihood'], limit: 1, chat: true });
  assert.deepEqual(chat.request.continuations, ['A', 'B', 'C', 'D']);
});

test('an item without a field its template needs is an error naming the item', () => {
  const broken = new Map([['anatomy', [{ task: 'anatomy', key: '4', record: { question: 'q', A: 'a', B: 'b', C: 'c', answer: 'A' } }]]]);
  assert.throws(() => planRequests(shipped('mmlu-ar'), broken, new Map(), { methods: ['generative'] }), /anatomy\/4: the template needs \{D\}/);
});
