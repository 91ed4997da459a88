// Builds the dashboard into dist/: index.html plus assets/app.js and assets/app.css.
// Fixed asset names keep the server side trivial (it only serves files from --web-root).
import { build } from 'esbuild';
import { mkdirSync, copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
// The binary's own build sets OIIS_WEB_OUT to its output folder; by default web/dist.
const dist = process.env.OIIS_WEB_OUT ? resolve(process.env.OIIS_WEB_OUT) : join(root, 'dist');
const started = Date.now();
// Only what this build writes is removed: OIIS_WEB_OUT may be a folder that holds other things.
rmSync(join(dist, 'assets'), { recursive: true, force: true });
rmSync(join(dist, 'index.html'), { force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

await build({
  entryPoints: [join(root, 'src/main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  // The chart code is imported on demand: a chunk next to app.js (the server serves files
  // directly under assets/, no subfolders).
  splitting: true,
  outdir: join(dist, 'assets'),
  entryNames: 'app',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/app.css'), join(dist, 'assets/app.css'));
copyFileSync(join(root, 'src/index.html'), join(dist, 'index.html'));

for (const f of ['index.html', ...readdirSync(join(dist, 'assets')).map((a) => `assets/${a}`)]) {
  console.log(`${f.padEnd(18)} ${(statSync(join(dist, f)).size / 1024).toFixed(1)} KiB`);
}
console.log(`built in ${Date.now() - started} ms`);
