// Starting and stopping code-server (the real VS Code workbench with a Node extension host) for the tests.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(new URL('../../..', import.meta.url).pathname);
const cacheDir = path.join(repoRoot, '.cache/e2e');

/** Runs scripts/e2e-setup.sh (≈1 s when already done) and returns the Node 24 and code-server paths. */
export function ensureSetup() {
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts/e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const out = r.stdout ?? '';
  for (const line of out.split('\n')) if (line.startsWith('[e2e-setup]')) console.log(line);
  if (r.status !== 0) throw new Error(`scripts/e2e-setup.sh failed (exit ${r.status})`);
  const value = (key) => out.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
  return { node: value('E2E_NODE'), codeServer: value('E2E_CODE_SERVER') };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The settings every test instance starts with: no trust prompt, no walkthroughs, no network chatter. */
export const baseSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
};

export class CodeServer {
  /**
   * @param {object} o
   * @param {string} o.node Node 24 binary
   * @param {string} o.entry code-server's out/node/entry.js
   * @param {string} o.dir a private folder for this instance (config, user data, extensions, log)
   * @param {boolean} [o.smokeTestDriver] pass --vscode-option enable-smoke-test-driver (needed for payload test runs)
   * @param {object} [o.settings] user settings (merged over baseSettings)
   * @param {string} o.logFile where code-server's own output goes
   */
  constructor(o) {
    Object.assign(this, o);
    this.userDataDir = path.join(o.dir, 'user-data');
    this.extensionsDir = path.join(o.dir, 'extensions');
    this.configFile = path.join(o.dir, 'config.yaml');
    mkdirSync(path.join(this.userDataDir, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    this.writeSettings(o.settings ?? {});
  }

  /**
   * Writes the user settings. code-server runs the extension host as a *remote* one: settings with scope
   * `machine`/`machine-overridable` (e.g. arabicLLM.python.interpreter) are NOT read from User/settings.json
   * there but from the remote's Machine/settings.json — so both files get them.
   */
  writeSettings(settings) {
    this.settings = { ...baseSettings, ...(this.settings ?? {}), ...settings };
    const json = JSON.stringify(this.settings, null, 2);
    for (const dir of ['User', 'Machine']) {
      mkdirSync(path.join(this.userDataDir, dir), { recursive: true });
      writeFileSync(path.join(this.userDataDir, dir, 'settings.json'), json);
    }
  }

  commonArgs() {
    return ['--config', this.configFile, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir];
  }

  /** `code-server --install-extension x.vsix` into this instance's extensions folder. */
  installExtension(vsix) {
    writeFileSync(this.configFile, 'auth: none\ncert: false\n');
    const r = spawnSync(this.node, [this.entry, ...this.commonArgs(), '--install-extension', vsix, '--force'],
      { encoding: 'utf8', env: this.env(), timeout: 120_000 });
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`installing ${path.basename(vsix)} failed (exit ${r.status}):\n${output}`);
    }
    return readdirSync(this.extensionsDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
  }

  env() {
    const env = { ...process.env };
    // Node 24 first on PATH: code-server and anything it spawns with `node` use it.
    env.PATH = `${path.dirname(this.node)}:${env.PATH}`;
    for (const k of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_PID', 'VSCODE_CWD', 'ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS']) delete env[k];
    return { ...env, ...(this.extraEnv ?? {}) };
  }

  async start(folder) {
    this.port = await freePort();
    writeFileSync(this.configFile, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const args = [this.entry, ...this.commonArgs(), '--bind-addr', `127.0.0.1:${this.port}`, '--ignore-last-opened'];
    if (this.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    args.push(folder);
    mkdirSync(path.dirname(this.logFile), { recursive: true });
    const log = createWriteStream(this.logFile);
    const t0 = Date.now();
    this.child = spawn(this.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: this.env() });
    this.child.stdout.pipe(log);
    this.child.stderr.pipe(log);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.url = `http://127.0.0.1:${this.port}`;
    for (;;) {
      try {
        const r = await fetch(`${this.url}/healthz`);
        if (r.ok) break;
      } catch { /* not up yet */ }
      if (this.child.exitCode !== null) throw new Error(`code-server exited (${this.child.exitCode}); see ${this.logFile}`);
      if (Date.now() - t0 > 60_000) throw new Error(`code-server did not answer /healthz in 60 s; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return Date.now() - t0;
  }

  folderUrl(folder, query = {}) {
    const params = new URLSearchParams({ folder, ...query });
    return `${this.url}/?${params.toString()}`;
  }

  remoteUri(p) {
    return `vscode-remote://127.0.0.1:${this.port}${p}`;
  }

  /** Stops code-server and everything in its process group (extension host, engine). */
  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    try { process.kill(-this.child.pid, 'SIGTERM'); } catch { /* gone */ }
    const done = await Promise.race([this.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    if (!done) { try { process.kill(-this.child.pid, 'SIGKILL'); } catch { /* gone */ } }
  }
}

/**
 * Ends processes a test started that left code-server's process group on purpose (the trainer is spawned
 * detached so it survives an engine restart): every process whose command line mentions `marker`
 * (the test's private temporary folder), each by its pid.
 */
export function killStrays(marker) {
  const killed = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { continue; }
    if (cmdline.includes(marker)) {
      try { process.kill(Number(entry), 'SIGKILL'); killed.push(`${entry} ${cmdline.slice(0, 120)}`); } catch { /* gone */ }
    }
  }
  return killed;
}

export { cacheDir, existsSync };
