/**
 * The local engine: an LSP server over stdio (`node dist/engine.js --stdio`) that publishes diagnostics for
 * dataset files and answers the custom `workbench/*` requests declared in src/protocol/.
 */
import * as path from 'node:path';
import {
  createConnection, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DATASET_CHANGED_ERROR, Methods, type EngineSettings, type OpenDatasetResult, type Requests } from '../protocol';
import { CurateJobs } from './curation/curateJobs';
import { DatasetDiagnostics } from './datasets/datasetDiagnostics';
import { DatasetIndexCache, type DatasetIndex } from './datasets/datasetIndex';
import { DatasetList } from './datasets/datasetList';
import { datasetRows } from './datasets/datasetRows';
import { relocateEdits } from './datasets/datasetRelocate';
import { DatasetChangedError, saveDataset } from './datasets/datasetSave';
import { searchDataset } from './datasets/datasetSearch';
import { datasetFileStats } from './datasets/datasetStatsFile';
import { datasetTokenizerPath, loadTokenizer } from './datasets/datasetStatsTokenizer';
import { documentFeatureCapabilities, serveDocumentFeatures, type DocumentFeature } from './datasets/documentFeatures';
import { pythonFor } from './python/pythonFor';
import { setupPythonEnv } from './python/pythonEnv';
import { readRecord } from './datasets/records';
import { RunConfigError } from './runs/runConfig';
import { RunManager } from './runs/runManager';
import { EvalScorer } from './evaluation/evalScorer';
import { startEvalRun } from './evaluation/evalRuns';
import { RunConfigFeature } from './runConfigEditor/runConfigFeature';
import { GeneratorCache } from './scoring/policyGenerator';
import { ScorerCache } from './scoring/rewardScorer';
import { templatePreview } from './datasets/templatePreview';
import { filePathOf, isFileUri } from './shared/fileUri';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const diagnostics = new DatasetDiagnostics(connection);
/** Editor features by document kind; each says which documents it serves. */
const features: DocumentFeature[] = [diagnostics, new RunConfigFeature(connection)];
const scorers = new ScorerCache();
const generators = new GeneratorCache();
const curateJobs = new CurateJobs((progress) => void connection.sendNotification(Methods.curateProgress, progress));
const datasetIndexes = new DatasetIndexCache(() => path.join(workspaceRoot ?? process.cwd(), '.alw', 'cache', 'datasets'));
const datasetList = new DatasetList(datasetIndexes);
let settings: EngineSettings = { python: null, runsDir: null };
let workspaceRoot: string | undefined;
let runs: RunManager | undefined;

function runManager(): RunManager {
  const runsDir = settings.runsDir ?? path.join(workspaceRoot ?? process.cwd(), '.alw', 'runs');
  if (!runs || runs.runsDir !== runsDir) {
    runs?.dispose();
    runs = new RunManager({ runsDir, python: () => pythonFor(settings.python, workspaceRoot) });
    const scorer = new EvalScorer((message) => connection.console.log(message));
    // A done eval run is announced once it is scored: whoever sees it done finds its metrics.json.
    runs.onEvent((n) => {
      const scoring = scorer.score(n.run);
      if (scoring) void scoring.then(() => connection.sendNotification(Methods.runEvent, n));
      else void connection.sendNotification(Methods.runEvent, n);
    });
    // Eval runs that ended while no engine was there to score them.
    for (const run of runs.list()) void scorer.score(run);
  }
  return runs;
}

type Handler<M extends keyof Requests> = (params: Requests[M][0]) => Requests[M][1] | Promise<Requests[M][1]>;

function handle<M extends keyof Requests>(method: M, handler: Handler<M>): void {
  connection.onRequest(method, async (params: Requests[M][0]) => {
    try {
      return await handler(params);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`${method}: ${message}`);
      return new ResponseError(error instanceof RunConfigError ? 1 : error instanceof DatasetChangedError ? DATASET_CHANGED_ERROR : 2, message);
    }
  });
}

connection.onInitialize((params: InitializeParams) => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  if (folder && isFileUri(folder)) workspaceRoot = filePathOf(folder);
  settings = { ...settings, ...(params.initializationOptions as Partial<EngineSettings> | undefined) };
  configureDiagnostics();
  return {
    // experimental.processId: the client names the process in its log and the in-editor suites can kill it.
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...documentFeatureCapabilities, experimental: { processId: process.pid } },
    serverInfo: { name: 'Arabic LLM Workbench engine', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  runManager(); // re-attach to runs that outlived the previous engine
});

connection.onNotification(Methods.updateSettings, (next: EngineSettings) => {
  settings = { ...settings, ...next };
  configureDiagnostics();
});

function configureDiagnostics(): void {
  diagnostics.configure({ diagnostics: settings.diagnostics, kinds: settings.kinds, workspaceRoot });
}

serveDocumentFeatures(connection, documents, features);

handle(Methods.startRun, (p) => runManager().start(p.configPath));
handle(Methods.cancelRun, (p) => runManager().cancel(p.runId));
handle(Methods.listRuns, () => runManager().list());
handle(Methods.runEvents, (p) => runManager().events(p.runId, p.since ?? 0, p.limit));
handle(Methods.runOverview, (p) => runManager().overview(p.runId, p.buckets));
handle(Methods.resumeRun, (p) => runManager().resume(p.runId, p.checkpoint));
handle(Methods.deleteRun, (p) => runManager().delete(p.runId));
handle(Methods.startEval, async (p) => {
  const base = workspaceRoot ?? process.cwd();
  const at = (file: string) => (file && !path.isAbsolute(file) && !/^[a-z0-9][a-z0-9-]*$/.test(file) ? path.resolve(base, file) : file);
  const within = (file: string) => (file && !path.isAbsolute(file) ? path.resolve(base, file) : file);
  return (await startEvalRun(runManager(), { ...p, benchmark: at(p.benchmark), model: within(p.model), data: within(p.data) })).run;
});
handle(Methods.envCheck, (p) => runManager().envCheck(p.configPath));
handle(Methods.readRecord, (p) => readRecord(p.uri, p.line, documents.get(p.uri)?.getText()));
handle(Methods.curate, (p) => curateJobs.run(p));
handle(Methods.cancelCurate, (p) => curateJobs.cancel(p));
handle(Methods.scorePair, (p) => scorers.use(p.modelDir, async (scorer) => {
  const started = performance.now();
  const scores: [number, number] = [await scorer.score(p.prompt, p.responses[0]), await scorer.score(p.prompt, p.responses[1])];
  return { scores, modelDir: scorer.modelDir, inferenceMs: performance.now() - started };
}));
handle(Methods.generate, (p) => generators.use(p.modelDir, async (generator) => {
  const started = performance.now();
  const generation = await generator.generate(p.prompt, p.maxNewTokens);
  return { ...generation, modelDir: generator.modelDir, inferenceMs: performance.now() - started };
}));
handle(Methods.listDatasets, async () => ({ datasets: await datasetList.list(workspaceRoot ?? process.cwd()) }));
function opened(uri: string, index: DatasetIndex): OpenDatasetResult {
  return {
    uri, kind: index.kind ?? 'unknown', rows: index.lines, bytes: index.sourceBytes, editable: !index.source, format: index.format, version: index.version,
  };
}
// Every answer read from a dataset carries the version it was read from: the panel never mixes versions, and a
// save is checked against the version its edits were made against, not whatever index was built last.
handle(Methods.openDataset, async (p) => opened(p.uri, await datasetIndexes.open(p.uri)));
handle(Methods.datasetRows, async (p) => {
  const index = await datasetIndexes.get(p.uri);
  return { rows: await datasetRows(index, p.start, p.count), version: index.version };
});
handle(Methods.searchDataset, async (p) => {
  const index = await datasetIndexes.get(p.uri);
  return { ...(await searchDataset(index, p)), version: index.version };
});
handle(Methods.saveDataset, async (p) => saveDataset(await datasetIndexes.get(p.uri), p.version, p.edits));
handle(Methods.relocateDatasetEdits, async (p) => {
  const index = await datasetIndexes.open(p.uri);
  return { dataset: opened(p.uri, index), lines: await relocateEdits(index, p.anchors) };
});
handle(Methods.datasetStats, async (p) => {
  const index = await datasetIndexes.get(p.uri);
  const tokenizerPath = datasetTokenizerPath(settings.diagnostics?.tokenizer, workspaceRoot);
  const stats = await datasetFileStats(index.file, index.kind, tokenizerPath ? loadTokenizer(tokenizerPath).countTokens : undefined);
  return { ...stats, version: index.version };
});
handle(Methods.templatePreview, async (p) => {
  const tokenizerPath = datasetTokenizerPath(settings.diagnostics?.tokenizer, workspaceRoot);
  if (!tokenizerPath) throw new Error('No tokenizer for the preview: set arabicLLM.tokenizer.path, or train the tiny model (.alw/models/tiny)');
  const index = await datasetIndexes.get(p.uri);
  return { ...(await templatePreview(index, p.line, loadTokenizer(tokenizerPath))), version: index.version };
});
handle(Methods.setupPython, async (p) => {
  const result = await setupPythonEnv(p, (message) => void connection.sendNotification(Methods.setupPythonProgress, { message }));
  settings = { ...settings, python: result.python };
  return result;
});


documents.listen(connection);
connection.listen();
