/**
 * The one test double of the judge tests: an in-process HTTP server on 127.0.0.1 (node:http) that stands for a
 * remote OpenAI-compatible chat-completions API (vLLM, TGI, a hosted judge), which tests cannot reach. It
 * records every request (headers and body) and answers as each test scripts it: a verdict (or several choices,
 * for `n`), an error status, a Retry-After, or no answer at all (a hung server).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface SeenRequest {
  n: number;
  at: number;
  headers: IncomingHttpHeaders;
  body: { model: string; messages: { role: string; content: string }[]; [k: string]: unknown };
  prompt: string;
}

/** What the server does with one request: a chat reply, a raw status, or hang (never answer). */
export type StandInAnswer =
  | { reply: string | string[]; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; body?: string; headers?: Record<string, string> }
  | 'hang';

export class JudgeStandIn {
  readonly requests: SeenRequest[] = [];
  private server!: Server;
  private readonly hung: ServerResponse[] = [];
  baseUrl = '';

  constructor(public answer: (request: SeenRequest) => StandInAnswer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { raw += chunk; });
      req.on('end', () => {
        const body = JSON.parse(raw);
        const seen: SeenRequest = { n: this.requests.length, at: Date.now(), headers: req.headers, body, prompt: body.messages?.[0]?.content ?? '' };
        this.requests.push(seen);
        const answer = this.answer(seen);
        if (answer === 'hang') return void this.hung.push(res);
        if ('status' in answer) {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          return void res.end(answer.body ?? '{"error":"scripted"}');
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          id: `cmpl-${seen.n}`, object: 'chat.completion', model: body.model,
          choices: (Array.isArray(answer.reply) ? answer.reply : [answer.reply])
            .map((content, index) => ({ index, message: { role: 'assistant', content }, finish_reason: 'stop' })),
          usage: answer.usage ?? { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The answers in slots A and B of a prompt rendered from the shipped pairwise rubric. */
export function slotAnswers(prompt: string): { a: string; b: string } {
  const slot = (name: string) => new RegExp(`\\[بداية إجابة المساعد ${name}\\]\\n([\\s\\S]*?)\\n\\[نهاية إجابة المساعد ${name}\\]`).exec(prompt)?.[1] ?? '';
  return { a: slot('A'), b: slot('B') };
}

/** A fair judge: the answer with the higher "(N/10)" mark wins, equal marks tie; the rationale is Arabic. */
export function fairJudge(request: SeenRequest): StandInAnswer {
  const { a, b } = slotAnswers(request.prompt);
  const mark = (text: string) => Number(/\((\d+)\/10\)/.exec(text)?.[1] ?? 0);
  const verdict = mark(a) > mark(b) ? 'A' : mark(a) < mark(b) ? 'B' : 'C';
  return { reply: `الإجابة ${verdict === 'C' ? 'متكافئتان' : verdict} أدق وأوضح.\n[[${verdict}]]` };
}

/** A started stand-in server, stopped when the test file ends. */
export async function startStandIn(answer: (request: SeenRequest) => StandInAnswer): Promise<JudgeStandIn> {
  const server = await new JudgeStandIn(answer).start();
  after(() => server.stop());
  return server;
}
