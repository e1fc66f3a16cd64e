/**
 * Rubrics are Jinja templates (files), rendered into the judge's one user message. A pairwise rubric gets
 * `question`, `answer_a`, `answer_b`; a single-answer rubric gets `question`, `answer`; both get `dialect`
 * ('' when the record names none). The same rendering serves every judge backend.
 */
import { Template } from '@huggingface/jinja';

export type RubricKind = 'pairwise' | 'single';

export class RubricError extends Error {}

export class Rubric {
  private readonly template: Template;

  /** `source` names the file in errors. Throws RubricError when the template does not parse. */
  constructor(readonly text: string, readonly source: string, readonly kind: RubricKind = 'pairwise') {
    try {
      this.template = new Template(text);
    } catch (error) {
      throw new RubricError(`${source}: not a valid Jinja template: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  renderPairwise(question: string, answerA: string, answerB: string, dialect = ''): string {
    return this.render({ question, answer_a: answerA, answer_b: answerB, dialect });
  }

  renderSingle(question: string, answer: string, dialect = ''): string {
    return this.render({ question, answer, dialect });
  }

  private render(values: Record<string, string>): string {
    try {
      return this.template.render(values).trim();
    } catch (error) {
      throw new RubricError(`${this.source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Placeholders a rubric of each kind must use, so that a pairwise rubric passed as a single one (or one that
 * forgets an answer) is refused before any request is paid for. */
export function missingRubricVariables(text: string, kind: RubricKind): string[] {
  const needed = kind === 'pairwise' ? ['question', 'answer_a', 'answer_b'] : ['question', 'answer'];
  return needed.filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
}
