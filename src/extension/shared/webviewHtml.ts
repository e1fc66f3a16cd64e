/** The HTML shell of a webview panel: strict CSP with a nonce, no data (the panel script fills it in). */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface ShellParts {
  /** Bundle name under dist/webview/, without ".js". */
  script: string;
  /** The panel's own stylesheet under media/ (media/panel.css, shared by all panels, comes first). */
  style: string;
  title: string;
  /** Static markup only: no dataset or run text ever goes here. */
  body: string;
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, parts: ShellParts): string {
  const nonce = randomBytes(16).toString('base64');
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${parts.script}.js`));
  const styleUris = ['panel.css', parts.style].map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)));
  const language = vscode.env.language;
  const dir = RTL_LANGUAGES.has(language.split('-')[0]) ? 'rtl' : 'ltr';
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}" dir="${dir}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styleUris.map((uri) => `<link rel="stylesheet" href="${uri}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
${parts.body}
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
