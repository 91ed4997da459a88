// End-to-end test of the dashboard against a real `oiis serve` (OIIS_BIN, required) serving the
// pages built into the binary — or, with OIIS_WEB_ROOT=web/dist (after npm run build), those of
// that folder, for working on the pages without rebuilding oiis. Drives the system Chromium
// via playwright-core.
// Every figure checked on the page is compared with the same endpoint fetched from Node.
// Screenshots and nothing else go to ${OUT:-web/test-results}/.
import { existsSync, mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { apiClient, Checks, cleanupAll, launchBrowser, LAPTOP, onlineRetailCsv, parseShown, PHONE, startServer, table } from './lib.mjs';
import { chatChecks } from './chat.mjs';
import { voiceChecks } from './voice.mjs';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Empty: the binary's own pages.
const dist = process.env.OIIS_WEB_ROOT ? resolve(process.env.OIIS_WEB_ROOT) : '';
const OUT = resolve(process.env.OUT || join(webDir, 'test-results'));
const BIN = process.env.OIIS_BIN;
const BIG_PRODUCTS = Number(process.env.E2E_BIG_PRODUCTS || 10000);
const PAINT_LIMIT_MS = 1000;
const started = Date.now();
const phases = [];
const check = new Checks();

async function phase(name, fn) {
  const t = Date.now();
  try {
    await fn();
  } catch (e) {
    check.ok(`${name}: ran without an exception`, false, e.stack?.split('\n').slice(0, 4).join(' | ') ?? String(e));
  }
  phases.push({ phase: name, seconds: ((Date.now() - t) / 1000).toFixed(1) });
}

if (!BIN) {
  console.error('OIIS_BIN is required: the path to the oiis binary.');
  process.exit(2);
}
if (dist && !existsSync(join(dist, 'index.html'))) {
  console.error(`${dist}/index.html is missing: run "npm run build" first.`);
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

const adminKey = `e2e-admin-${randomBytes(8).toString('hex')}`;
let server, api, base, browser, writeKey, readKey;
const pageErrors = [];

/** A fresh tab at the given size, logged in with `key` (through the login form). */
async function loggedInPage(viewport, key, label) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  await page.goto(`${base}/#/overview`);
  await page.fill('#api-key', key);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('main h1', { timeout: 15000 });
  return page;
}

/** Waits until no panel on the page is loading any more (data in or error shown). */
async function settled(page, timeout = 20000) {
  await page.waitForFunction(
    () => document.querySelector('main h1') && document.querySelectorAll('main [data-state="loading"]').length === 0,
    null, { timeout, polling: 'raf' });
}

const shot = (page, name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });

try {
  await phase('start server (demo world)', async () => {
    server = await startServer({ bin: BIN, webRoot: dist, adminKey });
    base = server.url;
    api = apiClient(base, adminKey);
    const mk = async (name, role) => {
      const r = await api('POST', 'api-keys', { name, role });
      if (r.status !== 201) throw new Error(`POST /api-keys ${role}: ${r.status} ${r.text}`);
      return r.body.key;
    };
    writeKey = await mk('e2e-writer', 'write');
    // A registered model for the Models page (churn trains in a few seconds, in the background).
    const job = await api('POST', 'models/churn/train', {});
    if (job.status !== 202) console.log(`note: POST /models/churn/train answered ${job.status}`);
    readKey = await mk('e2e-viewer', 'read');
    browser = await launchBrowser();
    console.log(`server ${base} on ${server.dir}`);
  });

  // 1. Login and a KPI equal to the API's figure.
  let laptop;
  await phase('login + overview KPI', async () => {
    laptop = await loggedInPage(LAPTOP, writeKey, 'laptop');
    check.ok('login lands on the overview', (await laptop.textContent('main h1')) === 'Overview');
    await settled(laptop);
    const stats = (await api('GET', 'stats')).body;
    const shownRevenue = parseShown(await laptop.textContent('[data-stat="revenue"]'));
    check.ok('store revenue shown equals GET /stats revenue', shownRevenue !== null && Math.abs(shownRevenue - stats.revenue) < 0.006,
      `shown ${shownRevenue}, API ${stats.revenue}`);
    for (const period of ['week', 'month']) {
      const k = await api('GET', `kpis?period=${period}`);
      if (!check.ok(`GET /kpis?period=${period} answers 200`, k.status === 200, k.status === 200 ? '' : `${k.status} ${k.text.slice(0, 160)}`)) continue;
      await laptop.click(`button[data-period="${period}"]`);
      await settled(laptop);
      for (const key of ['revenue', 'orders']) {
        const fig = k.body.kpis.find((x) => x.key === key);
        const text = await laptop.textContent(`[data-kpi="${key}"]`);
        const shown = parseShown(text);
        check.ok(`${period} ${key} shown equals the API's`, fig && fig.value !== null && shown !== null && Math.abs(shown - fig.value) < 0.006,
          `shown "${text}" → ${shown}, API ${fig?.value}`);
      }
      const nullKpi = k.body.kpis.find((x) => x.value === null);
      if (nullKpi) {
        const text = await laptop.textContent(`[data-kpi="${nullKpi.key}"]`);
        check.ok(`a null KPI (${nullKpi.key}) is not shown as 0`, !/^\s*[$€£]?0([.,]0+)?%?\s*$/.test(text), `shown "${text}"`);
      }
    }
    await shot(laptop, 'laptop-overview');
  });

  // 2. A forecast chart with its model name.
  await phase('forecast chart', async () => {
    const abc = (await api('GET', 'inventory/abc')).body;
    const sku = abc.items[0].sku;
    const fc = (await api('GET', `forecast/${sku}?level=daily`)).body;
    await laptop.goto(`${base}/#/forecasts/sku/${sku}`);
    await laptop.waitForSelector('#forecast-chart svg', { timeout: 20000 });
    const model = (await laptop.textContent('.model-name'))?.trim();
    check.ok('forecast chart drawn (svg) with the model name', model === fc.model, `shown "${model}", API "${fc.model}"`);
    const bands = await laptop.$$eval('#forecast-chart svg path', (ps) => ps.length);
    check.ok('forecast chart has history, forecast and band paths', bands >= 4, `${bands} paths`);
    // The model's accuracy on the series' own last periods, as the API measured it.
    const shown = await laptop.textContent('body');
    if (fc.accuracy?.available) {
      const m = shown.match(/WAPE ([\d.,]+) %/);
      const onPage = m ? Number(m[1].replace(/,/g, '')) : NaN;
      check.ok('forecast page shows the accuracy the API measured', Math.abs(onPage - fc.accuracy.wape * 100) < 0.1,
        `page ${m ? m[1] : 'none'} %, API ${fc.accuracy.wape * 100} %`);
    } else {
      check.ok('forecast page says why accuracy is not measured', shown.includes('not measured'), fc.accuracy?.reason ?? 'no accuracy field');
    }
    await shot(laptop, 'laptop-forecasts');
  });

  // 3. Approve a purchase-order draft in the UI; the API then says ordered.
  await phase('approve a purchase-order draft', async () => {
    const made = await api('POST', 'inventory/reorder-plan/drafts');
    if (!check.ok('POST /inventory/reorder-plan/drafts made drafts', made.status === 201 && made.body.items.length > 0, `${made.status}`)) return;
    const id = made.body.items[0].id;
    await laptop.goto(`${base}/#/reorder`);
    await settled(laptop);
    await laptop.click(`button.approve[data-po="${id}"]`);
    await laptop.waitForSelector(`text=Approved: now`, { timeout: 10000 });
    const po = (await api('GET', `purchase-orders/${id}`)).body;
    check.ok(`PO ${id} approved from the page is now ordered`, po.status === 'ordered', `status ${po.status}`);
    await shot(laptop, 'laptop-reorder');
  });

  // 3b. The assistant chat (side panel, #/assistant, phone): streamed trail before the answer,
  // figures equal to the API's, citations, a follow-up in the same thread, CSV and Markdown
  // export, an approval that orders a purchase order (a read key sees no button), deleting a
  // thread.
  await phase('assistant chat', async () => {
    await chatChecks({ check, api, base, browser, laptop, writeKey, readKey, loggedInPage, shot, OUT });
  });

  // 3c. Push-to-talk: Chromium's fake microphone plays `oiis voice speak`'s WAV; the transcript
  // lands in the question box and can be edited (web/tests/voice.mjs).
  await phase('voice push-to-talk', async () => {
    await voiceChecks({ check, base, writeKey, bin: BIN, shot });
  });

  // 4. Acknowledge an alert.
  await phase('acknowledge an alert', async () => {
    const scan = await api('POST', 'alerts/scan');
    if (!check.ok('POST /alerts/scan answers 2xx', scan.status >= 200 && scan.status < 300, `${scan.status} ${scan.text.slice(0, 160)}`)) return;
    const open = await api('GET', 'alerts?status=open&limit=50');
    const alert = open.body?.items?.[0];
    if (!check.ok('the demo world has an open alert after the scan', Boolean(alert), `${open.status} ${open.text.slice(0, 160)}`)) return;
    await laptop.goto(`${base}/#/alerts`);
    await settled(laptop);
    await laptop.click(`button.ack[data-alert="${alert.id}"]`);
    await laptop.waitForFunction((id) => !document.querySelector(`button.ack[data-alert="${id}"]`), alert.id, { timeout: 10000 });
    const after = (await api('GET', `alerts/${alert.id}`)).body;
    check.ok(`alert ${alert.id} acknowledged from the page`, after?.status === 'acknowledged', `status ${after?.status}`);
    await shot(laptop, 'laptop-alerts');
  });

  // 5. A customer's page with CLV and segment.
  let customerId;
  await phase('customer page', async () => {
    customerId = (await api('GET', 'customers/clv?limit=1')).body.items[0].customer_id;
    const prof = (await api('GET', `customers/${customerId}/profile`)).body;
    await laptop.goto(`${base}/#/customers/${customerId}`);
    await laptop.waitForSelector('#clv', { timeout: 15000 });
    const clv = parseShown((await laptop.textContent('#clv')).split(' over ')[0]);
    check.ok('customer CLV shown equals the API\'s', Math.abs(clv - prof.lifetime_value.expected_value) < 0.006, `shown ${clv}, API ${prof.lifetime_value.expected_value}`);
    check.ok('customer segment shown', (await laptop.textContent('#segment')) === prof.segment.name, prof.segment.name);
    await settled(laptop);
    await shot(laptop, 'laptop-customer');
  });

  // 6. The same flows at phone size.
  await phase('phone 390x844', async () => {
    const phone = await loggedInPage(PHONE, writeKey, 'phone');
    const noOverflow = () => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    await settled(phone);
    const stats = (await api('GET', 'stats')).body;
    check.ok('phone: overview revenue equals the API\'s', Math.abs(parseShown(await phone.textContent('[data-stat="revenue"]')) - stats.revenue) < 0.006);
    check.ok('phone: overview has no horizontal overflow', await noOverflow());
    await shot(phone, 'phone-overview');
    await phone.click('button.nav-toggle');
    await phone.click('#nav a[data-nav="reorder"]');
    await settled(phone);
    const rows = await phone.$$eval('#plan-table tbody tr', (r) => r.length);
    check.ok('phone: reorder table shows a page of rows', rows > 0 && rows <= 20, `${rows} rows`);
    check.ok('phone: reorder page has no horizontal overflow', await noOverflow());
    check.ok('phone: first reorder row is visible', await phone.isVisible('#plan-table tbody tr >> nth=0'));
    await shot(phone, 'phone-reorder');
    await phone.goto(`${base}/#/customers/${customerId}`);
    await phone.waitForSelector('#clv', { timeout: 15000 });
    check.ok('phone: customer CLV visible', await phone.isVisible('#clv'));
    check.ok('phone: customer page has no horizontal overflow', await noOverflow());
    await shot(phone, 'phone-customer');
    await phone.context().close();
  });

  // 7. Roles, bad and revoked keys, API errors.
  await phase('roles and errors', async () => {
    const reader = await loggedInPage(LAPTOP, readKey, 'read');
    await reader.goto(`${base}/#/reorder`);
    await settled(reader);
    const drafts = (await api('GET', 'purchase-orders?status=draft&limit=1')).body.items;
    check.ok('there is a draft a read key could try to approve', drafts.length > 0);
    check.ok('read key: no approve button', (await reader.$$('button.approve')).length === 0 && (await reader.$$('#make-drafts')).length === 0);
    const refused = await apiClient(base, readKey)('POST', `purchase-orders/${drafts[0]?.id}/approve`);
    check.ok('read key: the API refuses the approve (403)', refused.status === 403, `${refused.status}`);
    await reader.goto(`${base}/#/alerts`);
    await settled(reader);
    check.ok('read key: no acknowledge/resolve/scan buttons', (await reader.$$('button.ack, button.resolve, #scan')).length === 0);
    await reader.goto(`${base}/#/products/NO-SUCH-SKU-42`);
    await settled(reader);
    const err = await reader.textContent('#product .error').catch(() => '');
    check.ok('unknown SKU: the panel shows the API\'s message', /no product/i.test(err) && /404/.test(err), err.trim());
    await shot(reader, 'laptop-api-error');
    await reader.context().close();

    const ctx = await browser.newContext({ viewport: LAPTOP });
    const bad = await ctx.newPage();
    await bad.goto(`${base}/#/overview`);
    await bad.fill('#api-key', 'not-a-real-key');
    await bad.click('form.login button[type=submit]');
    await bad.waitForSelector('.login-status .error', { timeout: 10000 });
    const msg = await bad.textContent('.login-status .error');
    check.ok('bad key: login page says the key was refused', /refused/i.test(msg) && (await bad.isVisible('#api-key')), msg);
    await shot(bad, 'laptop-login-bad-key');
    // A key revoked while logged in: the next request sends the user to the login page.
    const made = await api('POST', 'api-keys', { name: 'e2e-expiring', role: 'read' });
    await bad.fill('#api-key', made.body.key);
    await bad.click('form.login button[type=submit]');
    await bad.waitForSelector('main h1');
    await api('DELETE', `admin/keys/${made.body.id}`);
    await bad.goto(`${base}/#/customers`);
    await bad.waitForSelector('#api-key', { timeout: 10000 });
    const msg2 = await bad.textContent('.login-status');
    check.ok('revoked key: back on the login page with a message', /refused/i.test(msg2), msg2);
    await ctx.close();
  });

  // Keyboard: Tab reaches real links/buttons with a visible focus ring; Enter follows a link.
  await phase('keyboard', async () => {
    // A fresh load starts at the top of the document: skip link, brand, log out, navigation.
    await laptop.goto('about:blank');
    await laptop.goto(`${base}/#/overview`);
    await settled(laptop);
    const seen = [];
    for (let i = 0; i < 7; i++) {
      await laptop.keyboard.press('Tab');
      seen.push(await laptop.evaluate(() => {
        const el = document.activeElement;
        const st = getComputedStyle(el);
        return { tag: el.tagName, text: (el.textContent || '').trim().slice(0, 20), ring: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0 };
      }));
    }
    const focusable = seen.filter((f) => ['A', 'BUTTON', 'INPUT', 'SELECT'].includes(f.tag));
    check.ok('Tab moves through links and buttons', focusable.length === seen.length, seen.map((f) => `${f.tag}:${f.text}`).join(', '));
    check.ok('the focused element has a visible focus ring', seen.every((f) => f.ring));
    // The skip link (first Tab stop) moves the focus to the content and keeps the page.
    await laptop.focus('a.skip');
    await laptop.keyboard.press('Enter');
    check.ok('the skip link focuses the content without leaving the page',
      await laptop.evaluate(() => document.activeElement?.id === 'main' && location.hash === '#/overview'));
    await laptop.focus('#nav a[data-nav="customers"]');
    await laptop.keyboard.press('Enter');
    await laptop.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Customers', null, { timeout: 5000 });
    check.ok('Enter on a navigation link opens the page and focuses it', await laptop.evaluate(() => document.activeElement?.id === 'main'));
  });

  // The registry on the Models page matches GET /models (churn was trained at the start).
  await phase('models page', async () => {
    const deadline = Date.now() + 30000;
    let models = [];
    while (Date.now() < deadline && !(models = (await api('GET', 'models')).body.items).length) await new Promise((r) => setTimeout(r, 500));
    if (!check.ok('a model is registered (churn trained at the start)', models.length > 0)) return;
    await laptop.goto(`${base}/#/models`);
    await settled(laptop);
    const rows = await laptop.$$eval('#registry-table tbody tr', (r) => r.map((x) => x.textContent));
    check.ok('models page lists every registered version', rows.length === models.length && models.every((m) => rows.some((t) => t.includes(`${m.family} v${m.version}`))), `${rows.length} rows, ${models.length} versions`);
    await shot(laptop, 'laptop-models');
  });

  // 8. First paint of every page (fresh page loads, laptop and phone), with screenshots.
  await phase('first paint of every page', async () => {
    const customer = customerId;
    const sku = (await api('GET', 'inventory/abc')).body.items[0].sku;
    const routes = ['overview', 'forecasts', 'reorder', 'customers', `customers/${customer}`, 'products', `products/${sku}`, 'alerts', 'models', 'assistant'];
    const rows = [];
    for (const [vpName, vp] of [['laptop', LAPTOP], ['phone', PHONE]]) {
      // A first visit: empty cache, the whole bundle comes over the wire (compressed by the
      // server on each request). Two fresh contexts; the check takes the faster, because this
      // 2-core machine is shared with a compiler and one slow scheduling is not the page's.
      const colds = [];
      for (let attempt = 0; attempt < 2; attempt++) {
      const cold = await (await browser.newContext({ viewport: vp })).newPage();
      await cold.goto(`${base}/#/overview`);
      await cold.waitForFunction(() => performance.getEntriesByName('route-painted:login').length > 0, null, { timeout: 10000, polling: 'raf' });
      const c = await cold.evaluate(() => ({
        form: performance.getEntriesByName('route-painted:login')[0].startTime,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        js: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js')).map((r) => `${r.name.split('/').pop()} ${Math.round(r.duration)} ms`).join(', '),
      }));
      rows.push({ viewport: vpName, page: `login (cold cache, try ${attempt + 1})`, 'first paint ms': c.form.toFixed(0), 'FCP ms': c.fcp?.toFixed(0) ?? '—', 'all panels ms': '', 'panel errors': '' });
      console.log(`cold load ${vpName} try ${attempt + 1}: scripts ${c.js}`);
      colds.push(c.form);
      await cold.context().close();
      }
      const best = Math.min(...colds);
      check.ok(`first paint ${vpName} login page, cold cache, under ${PAINT_LIMIT_MS} ms (faster of two)`, best < PAINT_LIMIT_MS, colds.map((x) => `${x.toFixed(0)} ms`).join(' / '));
      const page = await loggedInPage(vp, writeKey, `paint-${vpName}`);
      for (const r of routes) {
        await page.goto('about:blank');
        await page.goto(`${base}/#/${r}`);
        await page.waitForFunction((p) => performance.getEntriesByName(`route-painted:${p}`).length > 0, r, { timeout: 10000, polling: 'raf' });
        await settled(page, 30000).catch(() => {});
        const t = await page.evaluate((p) => ({
          painted: performance.getEntriesByName(`route-painted:${p}`)[0].startTime,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
          ready: performance.now(),
          loading: document.querySelectorAll('main [data-state="loading"]').length,
          errors: document.querySelectorAll('main .error').length,
        }), r);
        rows.push({ viewport: vpName, page: r, 'first paint ms': t.painted.toFixed(0), 'FCP ms': t.fcp?.toFixed(0) ?? '—', 'all panels ms': t.loading ? 'not done' : `≤${t.ready.toFixed(0)}`, 'panel errors': t.errors });
        check.ok(`first paint ${vpName} #/${r} under ${PAINT_LIMIT_MS} ms`, t.painted < PAINT_LIMIT_MS, `${t.painted.toFixed(0)} ms`);
        await page.screenshot({ path: join(OUT, `page-${vpName}-${r.replace(/\//g, '_')}.png`), fullPage: vpName === 'laptop' });
      }
      await page.context().close();
    }
    table('First paint (ms from navigation start; "all panels" = every panel loaded or errored)', rows, Object.keys(rows[0]));
  });
  await server.stop();

  // 9. A reorder table with many products stays responsive (paged).
  await phase(`reorder table with ${BIG_PRODUCTS} products`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oiis-e2e-big-'));
    try {
      const t0 = Date.now();
      execFileSync(BIN, ['generate', '--data', dir, '--seed', '3', '--products', String(BIG_PRODUCTS), '--customers', '2000', '--days', '120'], { stdio: 'ignore' });
      const genS = (Date.now() - t0) / 1000;
      const big = await startServer({ bin: BIN, webRoot: dist, data: dir, adminKey, label: 'oiis-big' });
      const bigApi = apiClient(big.url, adminKey);
      const t1 = Date.now();
      const plan = await bigApi('GET', 'inventory/reorder-plan');
      const planS = (Date.now() - t1) / 1000;
      check.ok('big world: reorder plan answers 200', plan.status === 200, `${plan.status}`);
      const lines = plan.body?.lines?.length ?? 0;
      base = big.url;
      const page = await loggedInPage(LAPTOP, adminKey, 'big');
      const t2 = await page.evaluate(() => performance.now());
      await page.goto(`${big.url}/#/reorder`);
      await page.waitForSelector('#plan-table tbody tr', { timeout: 60000 });
      const tableMs = await page.evaluate(() => performance.now());
      await page.waitForSelector('#class-table tbody tr', { timeout: 60000 });
      const classMs = await page.evaluate(() => performance.now());
      const timing = [
        { step: 'generate world (oiis generate)', ms: (genS * 1000).toFixed(0) },
        { step: 'GET /inventory/reorder-plan from Node (server)', ms: (planS * 1000).toFixed(0) },
        { step: 'open #/reorder → first plan rows (request + render)', ms: (tableMs - t2).toFixed(0) },
        { step: 'open #/reorder → first class rows (request + render)', ms: (classMs - t2).toFixed(0) },
      ];
      // Paging, filtering and scrolling, each timed from the action to the next frame.
      const measure = (id, query) => page.evaluate(async ({ id, query }) => {
        const box = document.getElementById(id).closest('.paged');
        const status = () => box.querySelector('.pager-status').textContent;
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const timed = async (fn) => { const t = performance.now(); const before = status(); fn(); await frame(); return { ms: performance.now() - t, changed: status() !== before }; };
        const total = Number(box.dataset.rows);
        const next = await timed(() => box.querySelector('.pager-next').click());
        const prev = await timed(() => box.querySelector('.pager-prev').click());
        const input = box.querySelector('input[type=search]');
        const filter = await timed(() => { input.value = query; input.dispatchEvent(new Event('input')); });
        const clear = await timed(() => { input.value = ''; input.dispatchEvent(new Event('input')); });
        const t = performance.now();
        box.scrollIntoView({ block: 'end' });
        await frame();
        return { total, rows: box.querySelectorAll('tbody tr').length, next, prev, filter, clear, scroll: performance.now() - t };
      }, { id, query });
      const results = {};
      for (const [id, query] of [['plan-table', 'SKU-0001'], ['class-table', 'class:A']]) {
        const m = await measure(id, query);
        results[id] = m;
        timing.push(
          { step: `${id}: ${m.total} rows, ${m.rows} in the DOM`, ms: '' },
          { step: `${id}: next page`, ms: m.next.ms.toFixed(1) },
          { step: `${id}: previous page`, ms: m.prev.ms.toFixed(1) },
          { step: `${id}: filter as you type`, ms: m.filter.ms.toFixed(1) },
          { step: `${id}: clear the filter`, ms: m.clear.ms.toFixed(1) },
          { step: `${id}: scroll to its end`, ms: m.scroll.toFixed(1) },
        );
        check.ok(`big world ${id}: one page of rows in the DOM`, m.rows > 0 && m.rows <= 50 && m.rows <= m.total, `${m.rows} of ${m.total}`);
        check.ok(`big world ${id}: paging works and takes under 100 ms`, m.next.changed && m.prev.changed && m.next.ms < 100 && m.prev.ms < 100, `${m.next.ms.toFixed(1)} / ${m.prev.ms.toFixed(1)} ms`);
        check.ok(`big world ${id}: filtering takes under 200 ms`, m.filter.changed && m.filter.ms < 200 && m.clear.ms < 200, `${m.filter.ms.toFixed(1)} / ${m.clear.ms.toFixed(1)} ms`);
      }
      table(`Reorder page, world of ${BIG_PRODUCTS} products (${lines} plan lines)`, timing, ['step', 'ms']);
      if (genS + planS > 60) console.log(`NOTE: generating plus the plan took ${(genS + planS).toFixed(0)} s (> 60 s).`);
      check.ok('big world: the class table holds the whole catalogue', results['class-table'].total >= BIG_PRODUCTS * 0.9, `${results['class-table'].total} of ${BIG_PRODUCTS}`);
      check.ok('big world: first plan rows within 5 s of opening the page', tableMs - t2 < 5000, `${(tableMs - t2).toFixed(0)} ms`);
      await shot(page, 'laptop-reorder-big');
      await page.context().close();
      await big.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // 10. An imported shop (Online Retail layout: no suppliers, costs or stock ledger): the pages
  // say what is missing instead of showing zeros.
  await phase('imported shop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oiis-e2e-import-'));
    try {
      const csv = join(dir, 'shop.csv');
      writeFileSync(csv, onlineRetailCsv());
      execFileSync(BIN, ['import', '--data', dir, '--format', 'online-retail', csv], { stdio: 'ignore' });
      const shop = await startServer({ bin: BIN, webRoot: dist, data: dir, adminKey, label: 'oiis-import', extraArgs: ['--no-seed'] });
      const shopApi = apiClient(shop.url, adminKey);
      base = shop.url;
      const page = await loggedInPage(LAPTOP, adminKey, 'import');
      await settled(page);
      const kpis = (await shopApi('GET', 'kpis?period=week')).body;
      const unknown = kpis.kpis.filter((k) => k.value === null);
      check.ok('imported shop: the API leaves some KPIs unknown (no stock ledger)', unknown.length > 0, unknown.map((k) => k.key).join(', '));
      for (const k of unknown) {
        const card = await page.textContent(`article.kpi:has([data-kpi="${k.key}"])`);
        const shown = await page.textContent(`[data-kpi="${k.key}"]`);
        check.ok(`imported shop: ${k.key} shown as unknown with the reason, not 0`, shown.trim() === '—' && card.includes(k.missing), `"${shown.trim()}"`);
      }
      await shot(page, 'laptop-imported-overview');
      await page.goto(`${shop.url}/#/reorder`);
      await settled(page);
      const plan = (await shopApi('GET', 'inventory/reorder-plan')).body;
      const text = await page.textContent('#plan');
      check.ok('imported shop: the plan says how many products lack a supplier', plan.unplanned.length > 0 && text.includes(`${plan.unplanned.length} products lack supplier`), `${plan.unplanned.length} unplanned`);
      await shot(page, 'laptop-imported-reorder');
      const sku = (await shopApi('GET', 'products?limit=1')).body.items[0].sku;
      await page.goto(`${shop.url}/#/products/${sku}`);
      await settled(page);
      check.ok('imported shop: the stock panel says no stock level is recorded', /No stock level/.test(await page.textContent('#product-stock')));
      check.ok('imported shop: an unknown cost is not shown as 0', /not recorded/.test(await page.textContent('#product')));
      await shot(page, 'laptop-imported-product');
      await page.context().close();
      await shop.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  check.ok('no uncaught errors in the pages', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));
} finally {
  await cleanupAll();
}

phases.push({ phase: 'total', seconds: ((Date.now() - started) / 1000).toFixed(1) });
table('Phases (s)', phases, ['phase', 'seconds']);
const failed = check.failed();
console.log(`\n${check.results.length - failed.length} passed, ${failed.length} failed; screenshots in ${OUT}`);
for (const f of failed) console.log(`  FAILED: ${f.name}${f.detail ? ` — ${f.detail}` : ''}`);
process.exit(failed.length ? 1 : 0);
