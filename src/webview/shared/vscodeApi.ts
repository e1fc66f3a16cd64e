/** The webview side of the host API (acquireVsCodeApi may be called only once per webview). */
export interface VsCodeApi<State, Message> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State, Message>(): VsCodeApi<State, Message>;

export function vscodeApi<State, Message>(): VsCodeApi<State, Message> {
  return acquireVsCodeApi<State, Message>();
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the panel`);
  return element as T;
}
