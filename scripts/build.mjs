// Bundles every entry point with esbuild: the extension client, the engine, the CLI, the webviews
// and the in-editor test suites. Native modules (onnxruntime-node) stay external and ship in node_modules.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'node20' };
const node = { ...common, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], external: ['vscode', 'onnxruntime-node'] };

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/engine/main.ts'], outfile: 'dist/engine.js' },
  { ...node, entryPoints: ['src/cli/alw.ts'], outfile: 'dist/alw.js' },
  // Every src/webview/<feature>/*Panel.ts is a panel's entry point (bundled as dist/webview/<name>.js);
  // the other files there are modules they import.
  ...readdirSync('src/webview', { recursive: true }).map(String).filter((f) => f.endsWith('Panel.ts'))
    .map((file) => ({ ...common, platform: 'browser', format: 'iife', target: 'es2022',
      entryPoints: [`src/webview/${file}`], outfile: `dist/webview/${file.replace(/^.*\//, '').replace(/\.ts$/, '')}.js` })),
];
if (existsSync('test/suite/index.ts')) {
  builds.push({ ...node, entryPoints: ['test/suite/index.ts'], outfile: 'out/test/suite/index.js',
    external: ['vscode', 'mocha'] });
}

// node --test suites: each test file bundled on its own so Node runs plain JavaScript.
for (const dir of ['test/unit', 'test/engine']) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts'))) {
    builds.push({ ...node, entryPoints: [`${dir}/${file}`], outfile: `out/${dir}/${file.replace(/\.ts$/, '.js')}` });
  }
}

for (const options of builds.filter((b) => b.entryPoints.every((e) => existsSync(e)))) {
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
