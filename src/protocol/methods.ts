/** Method names, and each request's params and result types. */
import type { RunInfo, StartRunParams, RunIdParams, ResumeRunParams, DeleteRunResult, EnvReport, EnvCheckParams, RunEventsParams, RunEventsResult, RunEventNotification, RunOverviewParams, RunOverview } from './runs';
import type { ReadRecordParams, ReadRecordResult, ListDatasetsResult, OpenDatasetParams, OpenDatasetResult, DatasetRowsParams, DatasetRowsResult, SearchDatasetParams, SearchDatasetResult, SaveDatasetParams, SaveDatasetResult, DatasetStatsParams, DatasetStats, DatasetVersioned, TemplatePreviewParams, TemplatePreviewResult, RelocateDatasetEditsParams, RelocateDatasetEditsResult, CurateParams, CurateResult, CurateProgress, CancelCurateParams } from './datasets';
import type { EvalStartParams } from './evaluation';
import type { ScorePairParams, ScorePairResult, GenerateParams, GenerateResult, PythonEnvParams, PythonEnvResult, PythonEnvProgress, EngineSettings } from './engine';

// ---------- Method names ----------

export const Methods = {
  startRun: 'workbench/runs/start',
  cancelRun: 'workbench/runs/cancel',
  listRuns: 'workbench/runs/list',
  runEvents: 'workbench/runs/events',
  runEvent: 'workbench/runs/event',
  readRecord: 'workbench/dataset/readRecord',
  scorePair: 'workbench/score/pair',
  generate: 'workbench/generate',
  setupPython: 'workbench/python/setup',
  setupPythonProgress: 'workbench/python/setupProgress',
  updateSettings: 'workbench/settings/update',
  resumeRun: 'workbench/runs/resume',
  deleteRun: 'workbench/runs/delete',
  envCheck: 'workbench/runs/envCheck',
  runOverview: 'workbench/runs/overview',
  listDatasets: 'workbench/dataset/list',
  openDataset: 'workbench/dataset/open',
  datasetRows: 'workbench/dataset/rows',
  searchDataset: 'workbench/dataset/search',
  saveDataset: 'workbench/dataset/save',
  datasetStats: 'workbench/dataset/stats',
  templatePreview: 'workbench/dataset/templatePreview',
  relocateDatasetEdits: 'workbench/dataset/relocateEdits',
  curate: 'workbench/curate/run',
  cancelCurate: 'workbench/curate/cancel',
  curateProgress: 'workbench/curate/progress',
  startEval: 'workbench/eval/start',
} as const;

/** Request name → [params, result]. Notifications are listed in `Notifications`. */
export interface Requests {
  [Methods.startRun]: [StartRunParams, RunInfo];
  [Methods.cancelRun]: [RunIdParams, RunInfo];
  [Methods.listRuns]: [Record<string, never>, RunInfo[]];
  [Methods.runEvents]: [RunEventsParams, RunEventsResult];
  [Methods.readRecord]: [ReadRecordParams, ReadRecordResult];
  [Methods.scorePair]: [ScorePairParams, ScorePairResult];
  [Methods.generate]: [GenerateParams, GenerateResult];
  [Methods.setupPython]: [PythonEnvParams, PythonEnvResult];
  [Methods.resumeRun]: [ResumeRunParams, RunInfo];
  [Methods.deleteRun]: [RunIdParams, DeleteRunResult];
  [Methods.envCheck]: [EnvCheckParams, EnvReport];
  [Methods.runOverview]: [RunOverviewParams, RunOverview];
  [Methods.listDatasets]: [Record<string, never>, ListDatasetsResult];
  [Methods.openDataset]: [OpenDatasetParams, OpenDatasetResult];
  [Methods.datasetRows]: [DatasetRowsParams, DatasetRowsResult];
  [Methods.searchDataset]: [SearchDatasetParams, SearchDatasetResult];
  [Methods.saveDataset]: [SaveDatasetParams, SaveDatasetResult];
  [Methods.datasetStats]: [DatasetStatsParams, DatasetStats & DatasetVersioned];
  [Methods.templatePreview]: [TemplatePreviewParams, TemplatePreviewResult & DatasetVersioned];
  [Methods.relocateDatasetEdits]: [RelocateDatasetEditsParams, RelocateDatasetEditsResult];
  [Methods.curate]: [CurateParams, CurateResult];
  [Methods.cancelCurate]: [CancelCurateParams, null];
  /** Starts an eval run; the engine scores it when it is done (predictions.jsonl, metrics.json in its folder). */
  [Methods.startEval]: [EvalStartParams, RunInfo];
}
export interface Notifications {
  [Methods.runEvent]: RunEventNotification;
  [Methods.setupPythonProgress]: PythonEnvProgress;
  [Methods.updateSettings]: EngineSettings;
  [Methods.curateProgress]: CurateProgress;
}

/** Diagnostic codes the engine publishes for dataset files. */
export const DiagnosticCodes = {
  jsonSyntax: 'ALW001',
  notAnObject: 'ALW002',
  missingField: 'ALW003',
  emptyField: 'ALW004',
  wrongType: 'ALW005',
  unknownKind: 'ALW006',
  bidiControl: 'ALW007',
  zeroWidth: 'ALW008',
  persianForms: 'ALW009',
  presentationForms: 'ALW010',
  mojibake: 'ALW011',
  lowArabicShare: 'ALW012',
  inconsistentNormalization: 'ALW013',
  tooManyTokens: 'ALW014',
  exactDuplicate: 'ALW015',
  contamination: 'ALW016',
} as const;
