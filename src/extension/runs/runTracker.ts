/** Latest known state of every run, fed by the engine's run-event notifications. */
import * as vscode from 'vscode';
import type { RunEventNotification, RunInfo } from '../../protocol';
import type { Engine } from '../engine/engineClient';
import { Methods } from '../../protocol';

export interface TrackedRun {
  info: RunInfo;
  loss?: number;
}

export class RunTracker implements vscode.Disposable {
  private readonly runs = new Map<string, TrackedRun>();
  private readonly changed = new vscode.EventEmitter<TrackedRun>();
  private readonly eventEmitter = new vscode.EventEmitter<RunEventNotification>();
  private readonly removed = new vscode.EventEmitter<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Fires after a run's tracked state changed. */
  readonly onDidChangeRun = this.changed.event;
  /** Every trainer event, after the tracked state was updated. */
  readonly onEvent = this.eventEmitter.event;
  /** Fires with the id of a run that is gone (deleted, or no longer in the runs folder). */
  readonly onDidRemoveRun = this.removed.event;

  constructor(private readonly engine: Engine) {
    this.subscriptions.push(engine.onRunEvent((n) => this.accept(n)));
  }

  get(runId: string): TrackedRun | undefined {
    return this.runs.get(runId);
  }

  all(): TrackedRun[] {
    return [...this.runs.values()];
  }

  update(info: RunInfo): TrackedRun {
    const tracked = this.runs.get(info.id) ?? { info };
    tracked.info = info;
    this.runs.set(info.id, tracked);
    this.changed.fire(tracked);
    return tracked;
  }

  remove(runId: string): void {
    if (this.runs.delete(runId)) this.removed.fire(runId);
  }

  /** Asks the engine for every run it knows (also the ones still running from a previous session). */
  async refresh(): Promise<RunInfo[]> {
    const runs = await this.engine.request(Methods.listRuns, {});
    const listed = new Set(runs.map((info) => info.id));
    for (const id of [...this.runs.keys()]) if (!listed.has(id)) this.remove(id);
    for (const info of runs) this.update(info);
    return runs;
  }

  private accept(notification: RunEventNotification): void {
    const tracked = this.runs.get(notification.runId) ?? { info: notification.run };
    tracked.info = notification.run;
    const event = notification.event;
    if (event.type === 'metrics' && typeof event.metrics.loss === 'number') tracked.loss = event.metrics.loss;
    this.runs.set(notification.runId, tracked);
    this.changed.fire(tracked);
    this.eventEmitter.fire(notification);
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
    this.eventEmitter.dispose();
    this.removed.dispose();
  }
}
