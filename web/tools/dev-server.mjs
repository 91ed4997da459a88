// Development helper only: serves web/dist and proxies /api/ to a running `oiis serve`
// (the binary serves the dashboard itself with --web-root; the e2e test uses that).
// Usage: OIIS_URL=http://127.0.0.1:PORT [OIIS_DEV_STUBS=1] node tools/dev-server.mjs [port]
// With OIIS_DEV_STUBS=1, routes the server answers 404 for (GET /kpis, /alerts…) get the
// made-up answers of dev-stubs.mjs so their panels can be looked at.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stubAlerts, stubKpis } from './dev-stubs.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const upstream = new URL(process.env.OIIS_URL || 'http://127.0.0.1:8080');
const stubs = process.env.OIIS_DEV_STUBS === '1';
const port = Number(process.argv[2] || 0);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function forward(req, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    delete headers['accept-encoding'];
    const p = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
      const chunks = [];
      up.on('data', (c) => chunks.push(c));
      up.on('end', () => resolve({ status: up.statusCode, headers: up.headers, body: Buffer.concat(chunks) }));
    });
    p.on('error', reject);
    p.end(body);
  });
}

function stub(req, body) {
  const url = new URL(req.url, 'http://x');
  let json = null;
  try { json = body.length ? JSON.parse(body) : null; } catch { /* ignore */ }
  if (url.pathname === '/api/v1/kpis' && req.method === 'GET') return stubKpis(url);
  return stubAlerts(req.method, url, json);
}

const server = createServer(async (req, res) => {
  if (req.url.startsWith('/api/')) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    try {
      const up = await forward(req, body);
      if (stubs && up.status === 404 && /no route/.test(up.body.toString())) {
        const s = stub(req, body);
        if (s) {
          const [status, payload] = s.status && s.body ? [s.status, s.body] : [200, s];
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(payload));
          return;
        }
      }
      delete up.headers['transfer-encoding'];
      res.writeHead(up.status, up.headers);
      res.end(up.body);
    } catch (e) {
      res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: e.message, field: null } }));
    }
    return;
  }
  const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path === '/' ? 'index.html' : path);
  if (!file.startsWith(dist) && file !== dist.replace(/\/$/, '')) {
    res.writeHead(403);
    res.end();
    return;
  }
  try {
    const data = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(data);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
server.listen(port, '127.0.0.1', () => console.log(`dev server on http://127.0.0.1:${server.address().port} -> ${upstream.href}${stubs ? ' (with dev stubs)' : ''}`));
