// Development helper only: serves web/dist and proxies /api/ to a running `oiis serve`, for
// servers without --web-root. Usage: OIIS_URL=http://127.0.0.1:PORT node tools/dev-server.mjs [port]
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const upstream = new URL(process.env.OIIS_URL || 'http://127.0.0.1:8080');
const port = Number(process.argv[2] || 0);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  if (req.url.startsWith('/api/')) {
    const p = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    p.on('error', (e) => { res.writeHead(502); res.end(JSON.stringify({ error: { code: 'unavailable', message: e.message } })); });
    req.pipe(p);
    return;
  }
  const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
server.listen(port, '127.0.0.1', () => console.log(`dev server on http://127.0.0.1:${server.address().port} -> ${upstream.href}`));
