/** Shared helpers for the in-editor suites (they run inside the real extension host). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'arabic-llm-workbench.arabic-llm-workbench';

/** What the extension's activate() returns (only the part the tests rely on). */
export interface WorkbenchApi {
  whenEngineReady(): Promise<unknown>;
}

export function extension(): vscode.Extension<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

export async function api(): Promise<WorkbenchApi> {
  const value = await extension().activate();
  assert.ok(value && typeof value.whenEngineReady === 'function',
    'activate() must return an object with whenEngineReady()');
  return value;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the samples folder open as the workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string, everyMs = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
