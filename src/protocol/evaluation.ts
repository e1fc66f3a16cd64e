/** Evaluation requests: an eval run (`stage: eval`) of one model on one benchmark, started by the engine. */

/** `workbench/eval/start`: the options of `alw eval run` (paths absolute or relative to the engine's folder). */
export interface EvalStartParams {
  /** A shipped benchmark name (mmlu-ar, exams, acva) or a definition file. */
  benchmark: string;
  /** A Hugging Face model folder or a LoRA adapter (a run's output or checkpoint folder). */
  model: string;
  /** The benchmark data folder. */
  data: string;
  /** Default: test when the definition has it. */
  split?: string;
  method?: 'generative' | 'loglikelihood' | 'both';
  /** Use the definition's chat prompts in the model's chat template. */
  chat?: boolean;
  /** The first N items of each task. */
  limit?: number;
  shots?: number;
  batchSize?: number;
  extraction?: 'arabic' | 'acegpt';
}
