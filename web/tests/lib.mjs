// Helpers for the end-to-end test: start/stop `oiis serve`, call the API from Node,
// launch the system Chromium through playwright-core, and print timing tables.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const cleanups = [];
/** Runs every registered cleanup once (servers, browser, temp folders), newest first. */
export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (e) { console.error('cleanup:', e.message); }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanupAll(); process.exit(130); });

/**
 * Starts `oiis serve` on a free port with its own admin key and waits for the
 * "OIIS serving on http://…" line. `data` defaults to a fresh temp folder (demo world seeded).
 */
export async function startServer({ bin, webRoot, data, adminKey, timeoutMs = 120000, label = 'oiis', extraArgs = [] }) {
  const dir = data ?? mkdtempSync(join(tmpdir(), 'oiis-e2e-'));
  if (!data) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['serve', '--data', dir, '--port', '0', ...(webRoot ? ['--web-root', webRoot] : []),
    '--train-every', '0', '--monitor-every', '0', ...extraArgs];
  const child = spawn(bin, args, { env: { ...process.env, OIIS_ADMIN_KEY: adminKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
  cleanups.push(stop);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no "serving on" line within ${timeoutMs} ms\n${log}`)), timeoutMs);
    const onData = (buf) => {
      log += buf.toString();
      const m = log.match(/serving on (http:\/\/[\d.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${label} exited with ${code}\n${log}`)); });
  });
  return { url, dir, stop, log: () => log };
}

/** A small API client for checks from Node (the same endpoints the page uses). */
export function apiClient(base, key) {
  return async function api(method, path, body) {
    const res = await fetch(`${base}/api/v1/${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: json, text };
  };
}

/** `extraArgs`: further Chromium switches (the voice check's fake microphone). */
export async function launchBrowser(extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
  cleanups.push(() => browser.close());
  return browser;
}

export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Parses a figure as the page formats it ("$1,234.56", "12.5%", "1,234", "3.20 / yr"). */
export function parseShown(text) {
  const t = text.replace(/[^\d.,%\-]/g, '');
  const pct = t.includes('%');
  const n = Number(t.replace(/[,%]/g, ''));
  if (!Number.isFinite(n) || t === '') return null;
  return pct ? n / 100 : n;
}

export function table(title, rows, cols) {
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (vals) => vals.map((v, i) => String(v ?? '').padEnd(widths[i])).join('  ');
  console.log(`\n${title}\n${line(cols)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

/** Check bookkeeping: each check passes or fails with a message; the run fails if any failed. */
export class Checks {
  constructor() { this.results = []; }
  ok(name, cond, detail = '') {
    this.results.push({ name, ok: Boolean(cond), detail });
    console.log(`${cond ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}`);
    return Boolean(cond);
  }
  failed() { return this.results.filter((r) => !r.ok); }
}

/**
 * A small shop in the UCI Online Retail layout (what `oiis import --format online-retail`
 * reads): no suppliers, no costs, no stock ledger — like a real imported shop. Deterministic
 * (a fixed linear congruential generator), `days` days of invoices ending on `end`.
 */
export function onlineRetailCsv({ products = 12, customers = 40, days = 90, end = '2011-03-31' } = {}) {
  let seed = 17;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const items = Array.from({ length: products }, (_, i) => ({
    code: `9${String(1000 + i)}`, name: `IMPORTED ITEM ${i + 1}`, price: (1 + Math.floor(rnd() * 900) / 100).toFixed(2),
  }));
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let invoice = 600000;
  const endMs = Date.parse(`${end}T00:00:00Z`);
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(endMs - d * 86400000).toISOString().slice(0, 10);
    const n = 2 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      invoice++;
      const customer = `${12000 + Math.floor(rnd() * customers)}.0`;
      const time = `${String(9 + k).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00`;
      const lines = 1 + Math.floor(rnd() * 3);
      const used = new Set();
      for (let l = 0; l < lines; l++) {
        const it = items[Math.floor(rnd() * items.length)];
        if (used.has(it.code)) continue;
        used.add(it.code);
        rows.push(`${invoice},${it.code},${it.name},${1 + Math.floor(rnd() * 6)},${day} ${time},${it.price},${customer},United Kingdom`);
      }
    }
  }
  return `${rows.join('\n')}\n`;
}
