// The assistant chat's end-to-end checks (called from e2e.mjs with its server, keys and
// browser). Every answer checked on the page is compared with the same question asked through
// POST /api/v1/chat from Node (a new thread each, as the page starts one).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { apiClient, LAPTOP, PHONE, table } from './lib.mjs';

const RETURNS_DOC = [
  '# Returns policy', '',
  '## Returns', '',
  'Customers may return any unused item within 30 days of delivery for a full refund. Items must be in their original packaging.',
  'A document can say anything: <img src=x onerror="window.__injected=1"> is text, never markup.', '',
  '## Shipping', '',
  'Standard shipping takes 3 to 5 business days. Orders over 50 ship free.', '',
].join('\n');

/** The first figure with decimals in a text ("700,385.91"): what a revenue answer leads with. */
const firstFigure = (text) => text.match(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+/)?.[0] ?? null;
const stripMarkers = (text) => text.replace(/\s*\[\d+\]/g, '').replace(/\s+/g, ' ').trim();

/** Waits for the last turn of the conversation to finish (answer or error) and returns its state. */
async function lastTurnDone(page, timeout = 20000) {
  await page.waitForFunction(() => {
    const t = [...document.querySelectorAll('.chat .chat-turn')].pop();
    return t && (t.dataset.state === 'done' || t.dataset.state === 'error');
  }, null, { timeout });
  return page.evaluate(() => {
    const t = [...document.querySelectorAll('.chat .chat-turn')].pop();
    return { state: t.dataset.state, text: t.querySelector('.chat-answer .answer-text')?.textContent ?? '', error: t.querySelector('.error')?.textContent ?? '' };
  });
}

async function ask(page, question) {
  await page.fill('#chat-input', question);
  await page.press('#chat-input', 'Enter');
  return lastTurnDone(page);
}

/**
 * A slow connection between the page and the server: a proxy that passes everything through
 * but holds each half of each server-sent event of POST /api/v1/chat for `delayMs` (the demo
 * world answers
 * in tens of milliseconds, too fast to see a stream, and DevTools throttling delivers such a
 * small body in one piece).
 */
async function slowProxy(target, delayMs) {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const up = http.request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      if (!(r.headers['content-type'] ?? '').includes('text/event-stream')) return r.pipe(res);
      let buf = '';
      let queue = Promise.resolve();
      const later = (text) => { queue = queue.then(() => new Promise((ok) => setTimeout(() => { res.write(text); ok(); }, delayMs))); };
      r.on('data', (d) => {
        buf += d.toString();
        let cut;
        // Each event goes out in two pieces, cut mid-line, as a slow link may deliver it.
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const ev = buf.slice(0, cut + 2);
          const half = Math.floor(ev.length / 2);
          later(ev.slice(0, half));
          later(ev.slice(half));
          buf = buf.slice(cut + 2);
        }
      });
      r.on('end', () => { if (buf) later(buf); queue.then(() => res.end()); });
    });
    up.on('error', () => { res.statusCode = 502; res.end(); });
    req.pipe(up);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

/** Records, in the page, when the trail, the streamed text and the answer first appear. */
function watchStream(page) {
  return page.evaluate(() => {
    const log = document.querySelector('.chat .chat-log');
    const before = log.querySelectorAll('.chat-turn').length;
    const seen = { trail: null, text: null, answer: null, textLengths: [] };
    window.__chatStream = seen;
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      const turn = log.querySelectorAll('.chat-turn')[before];
      if (!turn) return;
      const now = performance.now() - t0;
      if (seen.trail === null && turn.querySelector('.chat-trail li')) seen.trail = now;
      const len = turn.querySelector('.chat-streaming')?.textContent.length ?? 0;
      if (len && seen.textLengths[seen.textLengths.length - 1] !== len) { seen.textLengths.push(len); if (seen.text === null) seen.text = now; }
      if (seen.answer === null && turn.querySelector('.chat-answer')) { seen.answer = now; obs.disconnect(); }
    });
    obs.observe(log, { childList: true, subtree: true, characterData: true });
  });
}

export async function chatChecks({ check, api, base, browser, laptop, writeKey, readKey, loggedInPage, shot, OUT }) {
  const writer = apiClient(base, writeKey);
  const timings = [];
  const kb = await api('POST', 'kb/documents', { name: 'returns-policy.md', content: RETURNS_DOC });
  check.ok('chat: a knowledge-base document is added (POST /kb/documents)', kb.status === 201, `${kb.status} ${kb.text.slice(0, 120)}`);

  // A slow connection (each half event held 75 ms): the trail and the growing text come first.
  const q1 = 'What was revenue last month?';
  const slow = await slowProxy(base, 75);
  try {
    const ctx = await browser.newContext({ viewport: LAPTOP });
    const page = await ctx.newPage();
    await page.goto(`${slow.url}/#/assistant`);
    await page.fill('#api-key', writeKey);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('main .chat #chat-input', { timeout: 10000 });
    await watchStream(page);
    const t0 = Date.now();
    await ask(page, q1);
    timings.push({ step: `"${q1}" with each half event held 75 ms, to the answer`, ms: Date.now() - t0 });
    const stream = await page.evaluate(() => window.__chatStream);
    timings.push({ step: 'slow: trail shown (ms after asking)', ms: stream.trail?.toFixed(0) }, { step: 'slow: first streamed text', ms: stream.text?.toFixed(0) }, { step: 'slow: answer rendered', ms: stream.answer?.toFixed(0) });
    check.ok('chat: the node trail appears well before the answer (slow connection)', stream.trail !== null && stream.answer !== null && stream.answer - stream.trail >= 500, `trail ${stream.trail?.toFixed(0)} ms, answer ${stream.answer?.toFixed(0)} ms`);
    check.ok('chat: the answer text grows while it streams (slow connection)', stream.text !== null && stream.text < stream.answer && stream.textLengths.length >= 2, `lengths ${stream.textLengths.join(', ')}`);
    await ctx.close();
  } finally {
    await slow.close();
  }

  // Side panel on a laptop.
  await laptop.goto(`${base}/#/overview`);
  await laptop.click('.assistant-toggle');
  await laptop.waitForSelector('.assistant.open #chat-input', { timeout: 5000 });
  check.ok('chat: the side panel opens beside the page', (await laptop.textContent('main h1')) === 'Overview' && await laptop.isVisible('.assistant.open .chat'));
  const viaApi = await writer('POST', 'chat', { question: q1 });
  // Issue 18's "first answer token on screen" at full speed (no proxy): recorded, not asserted
  // (a shared machine's load moves it; docs/dashboard.md has the figures).
  await watchStream(laptop);
  const first = await ask(laptop, q1);
  const direct = await laptop.evaluate(() => window.__chatStream);
  timings.push({ step: 'direct: trail shown (ms after asking)', ms: direct.trail?.toFixed(0) },
    { step: 'direct: first streamed text on screen', ms: direct.text?.toFixed(0) }, { step: 'direct: answer rendered', ms: direct.answer?.toFixed(0) });
  check.ok('chat: POST /chat from Node answers 200', viaApi.status === 200, `${viaApi.status}`);
  const apiFigure = firstFigure(viaApi.body?.answer ?? '');
  check.ok('chat: the answer\'s first figure equals the API\'s', first.state === 'done' && apiFigure !== null && firstFigure(first.text) === apiFigure, `page ${firstFigure(first.text)}, API ${apiFigure}`);
  check.ok('chat: the answer text equals the API\'s', stripMarkers(first.text) === stripMarkers(viaApi.body?.answer ?? ''), first.text.slice(0, 120));
  const thread = await laptop.getAttribute('.chat', 'data-thread');

  // A citation opens with its SQL; its report link leads to the page and the panel keeps the thread.
  await laptop.click('.chat .chat-turn:last-child button.cite[data-cite="1"]');
  await laptop.waitForSelector('.chat .cite-detail[data-cite="1"]', { timeout: 5000 });
  const sql = (await laptop.textContent('.chat .cite-detail pre.sql'))?.trim();
  check.ok('chat: citation [1] opens with the SQL the API cites', sql && sql === viaApi.body.citations[0].sources.find((s) => s.kind === 'sql')?.detail, sql?.slice(0, 80));
  await shot(laptop, 'laptop-assistant-panel');
  await laptop.click('.chat .cite-detail a.cite-report');
  await laptop.waitForFunction(() => location.hash === '#/overview' && document.querySelector('main h1')?.textContent === 'Overview', null, { timeout: 5000 });
  await laptop.click('#nav a[data-nav="customers"]');
  await laptop.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Customers', null, { timeout: 5000 });
  check.ok('chat: the panel keeps its thread while moving between pages', await laptop.getAttribute('.assistant .chat', 'data-thread') === thread && (await laptop.$$('.assistant .chat .chat-turn')).length === 1);

  // Follow-up in the same thread, equal to the same follow-up through the API.
  const follow = 'and the month before?';
  const apiFollow = await writer('POST', 'chat', { question: follow, thread: viaApi.body.thread });
  const second = await ask(laptop, follow);
  check.ok('chat: a follow-up stays in the same thread', await laptop.getAttribute('.chat', 'data-thread') === thread);
  check.ok('chat: the follow-up answers the month before (equal to the API\'s follow-up)', second.state === 'done' && stripMarkers(second.text) === stripMarkers(apiFollow.body?.answer ?? '') && firstFigure(second.text) !== firstFigure(first.text),
    second.text.slice(0, 100));

  // No connection: the turn says so and offers to ask again, which works once back online.
  const cdp = await laptop.context().newCDPSession(laptop);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const offline = await ask(laptop, 'How many orders last week?');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  check.ok('chat: a network failure is shown readably with "Ask again"', offline.state === 'error' && /could not be reached/i.test(offline.error) && await laptop.isVisible('.chat .chat-turn:last-child button.retry'), offline.error.slice(0, 100));
  await laptop.click('.chat .chat-turn:last-child button.retry');
  const retried = await lastTurnDone(laptop);
  check.ok('chat: "Ask again" answers once the connection is back', retried.state === 'done' && /orders/i.test(retried.text), retried.text.slice(0, 80));
  await cdp.detach();

  // A trend: a table (CSV equal to the API's table) and a chart drawn from the chart spec.
  await laptop.click('.chat button.new-chat');
  const q3 = 'Analyze last quarter\'s performance trends';
  const apiTrend = (await writer('POST', 'chat', { question: q3 })).body;
  await ask(laptop, q3);
  const newThread = await laptop.getAttribute('.chat', 'data-thread');
  check.ok('chat: "New chat" starts another thread', newThread && newThread !== thread, newThread);
  await laptop.waitForSelector('.chat .chat-turn:last-child .chat-chart svg path', { timeout: 10000, state: 'attached' });
  check.ok('chat: the chart spec is drawn (SVG)', (await laptop.$$('.chat .chat-turn:last-child .chat-chart svg path')).length > 0 && (apiTrend.charts?.length ?? 0) > 0);
  const [dl] = await Promise.all([laptop.waitForEvent('download', { timeout: 5000 }), laptop.click('.chat .chat-turn:last-child .chat-table button.csv')]);
  const csv = readFileSync(await dl.path(), 'utf8').trim().split(/\r?\n/);
  const t = apiTrend.tables[0];
  check.ok('chat: a table downloads as CSV equal to the API\'s table', csv[0] === t.columns.join(',') && csv.length === t.rows.length + 1 && csv[1] === t.rows[0].join(','), `${csv[0]} | ${csv[1]}`);
  const [mdl] = await Promise.all([laptop.waitForEvent('download', { timeout: 5000 }), laptop.click('.chat .chat-turn:last-child button.download-md')]);
  const md = readFileSync(await mdl.path(), 'utf8');
  check.ok('chat: the answer exports as Markdown (text, table, sources)', md.includes(apiTrend.answer) && md.includes(`| ${t.columns.join(' | ')} |`) && md.includes('[1]: revenue_by_month'), md.slice(0, 80));
  await laptop.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await laptop.click('.chat .chat-turn:last-child button.copy-md');
  await laptop.waitForFunction(() => document.querySelector('.chat .chat-turn:last-child .copy-status')?.textContent, null, { timeout: 5000 });
  const copied = await laptop.evaluate(() => navigator.clipboard.readText()).catch((e) => `clipboard: ${e.message}`);
  check.ok('chat: "Copy as Markdown" puts the same Markdown on the clipboard', copied === md, copied.slice(0, 80));

  // A knowledge-base citation shows the passage, highlighted; the document's markup stays text.
  await laptop.click('.chat button.new-chat');
  await ask(laptop, 'What is our returns policy?');
  await laptop.click('.chat .chat-turn:last-child button.cite[data-cite="1"]');
  await laptop.waitForSelector('.chat .kb-passage.cited mark, .chat .cite-detail .missing, .chat .cite-detail .error', { timeout: 8000 });
  const passage = (await laptop.textContent('.chat .kb-passage.cited mark').catch(() => ''))?.trim();
  check.ok('chat: a knowledge-base citation shows the cited passage highlighted', passage && RETURNS_DOC.includes(passage), passage?.slice(0, 80));
  const injected = await laptop.evaluate(() => Boolean(window.__injected) || document.querySelectorAll('.chat img, .chat script').length > 0);
  check.ok('chat: text from documents and answers is never markup', !injected);
  await laptop.fill('#chat-input', '<img src=x onerror="window.__injected=1"> hello');
  await laptop.press('#chat-input', 'Enter');
  await lastTurnDone(laptop);
  check.ok('chat: a question with markup is shown as text', !(await laptop.evaluate(() => Boolean(window.__injected) || document.querySelectorAll('.chat img').length > 0)) &&
    (await laptop.textContent('.chat .chat-turn:last-child .chat-q')).includes('<img'));

  // An approval: a write key approves the draft from the chat; the API then says ordered and
  // the decision is in the audit log.
  const drafts = (await api('GET', 'purchase-orders?status=draft&limit=5')).body?.items ?? [];
  if (check.ok('chat: there are two draft purchase orders to decide on', drafts.length >= 2, `${drafts.length}`)) {
    const [po, po2] = drafts;
    await laptop.goto(`${base}/#/assistant`);
    await laptop.waitForSelector('main .chat #chat-input', { timeout: 5000 });
    await laptop.click('.chat button.new-chat');
    await ask(laptop, `approve PO ${po.id}`);
    await laptop.waitForSelector('.chat .approval button.approve-chat', { timeout: 5000 });
    const shown = await laptop.textContent('.chat .approval');
    check.ok('chat: the approval says what will be written', shown.includes(`${po.id}`) && /approve_purchase_order/.test(shown) && /draft/.test(shown), shown.slice(0, 160));
    await laptop.waitForSelector('.chat .approval .po-preview details', { timeout: 5000 }).catch(() => {});
    await shot(laptop, 'laptop-assistant-approval');
    const chatThread = await laptop.getAttribute('.chat', 'data-thread');
    // Edit before approving: the first line's quantity changed in the draft's table.
    const firstLine = po.lines[0];
    const edited = Math.max(1, Math.floor(firstLine.quantity / 2)) === firstLine.quantity ? firstLine.quantity + 1 : Math.max(1, Math.floor(firstLine.quantity / 2));
    const field = `.chat .approval input.line-quantity[data-line="${firstLine.id}"]`;
    if (check.ok('chat: the approval shows the draft\'s lines with editable quantities', await laptop.isVisible(field).catch(() => false),
      `${(await laptop.$$('.chat .approval input.line-quantity')).length} fields`)) {
      await laptop.fill(field, String(edited));
      check.ok('chat: an edited draft is approved "with changes"', /with 1 change/.test(await laptop.textContent('.chat .approval button.approve-chat')));
    }
    await laptop.click('.chat .approval button.approve-chat');
    await laptop.waitForSelector('.chat .decision', { timeout: 10000 });
    const after = (await api('GET', `purchase-orders/${po.id}`)).body;
    check.ok(`chat: PO ${po.id} approved from the chat is now ordered`, after?.status === 'ordered', `status ${after?.status}`);
    const line = after?.lines?.find((l) => l.id === firstLine.id);
    check.ok(`chat: the edited line was ordered at the new quantity (${firstLine.quantity} → ${edited})`, line?.quantity === edited, `quantity ${line?.quantity}`);
    const audit = (await api('GET', `admin/audit?path_prefix=${encodeURIComponent('/api/v1/threads/')}&limit=20`)).body?.items ?? [];
    check.ok('chat: the decision is in the audit log', audit.some((e) => e.path.includes(chatThread) && e.path.endsWith('/approval') && e.status === 200), `${audit.length} entries`);
    check.ok('chat: the resumed answer is shown', /approve/i.test(await laptop.textContent('.chat .chat-turn:last-child .chat-answer')));

    const reader = await loggedInPage(LAPTOP_OF(laptop), readKey, 'chat-read');
    await reader.goto(`${base}/#/assistant`);
    await reader.waitForSelector('main .chat #chat-input', { timeout: 5000 });
    await ask(reader, `approve PO ${po2.id}`);
    await reader.waitForSelector('.chat .approval', { timeout: 5000 });
    check.ok('chat: a read key sees the approval request but no approve/reject button', (await reader.$$('.chat .approval button')).length === 0 && await reader.isVisible('.chat .approval .read-only-note'));
    check.ok(`chat: PO ${po2.id} stays a draft`, (await api('GET', `purchase-orders/${po2.id}`)).body?.status === 'draft');
    // The thread waits for a decision: a further question gets the stream's error event, shown.
    const blocked = await ask(reader, 'What was revenue last month?');
    check.ok('chat: an error event is shown readably (a thread waiting for a decision)', blocked.state === 'error' && /waits for a decision/.test(blocked.error), blocked.error.slice(0, 120));
    await shot(reader, 'laptop-assistant-read-key');
    await reader.context().close();
  }

  // Threads: the list shows the first conversation; deleting it removes it from the API.
  await laptop.waitForSelector(`.chat .thread-list li[data-thread="${thread}"]`, { timeout: 5000 });
  laptop.once('dialog', (d) => d.accept());
  await laptop.click(`.chat .thread-delete[data-thread="${thread}"]`);
  await laptop.waitForFunction((id) => !document.querySelector(`.chat .thread-list li[data-thread="${id}"]`), thread, { timeout: 5000 });
  const gone = await api('GET', `threads/${thread}`);
  check.ok('chat: a thread deleted from the list is gone from the API (404)', gone.status === 404, `${gone.status}`);
  await laptop.click(`.chat .thread-open[data-thread="${newThread}"]`);
  await laptop.waitForFunction((id) => document.querySelector('.chat')?.dataset.thread === id && document.querySelectorAll('.chat .chat-turn').length > 0, newThread, { timeout: 5000 });
  check.ok('chat: an earlier thread reopens with its turns', (await laptop.textContent('.chat .chat-q')).includes('performance trends'));
  await shot(laptop, 'laptop-assistant-page');
  // Leave the panel closed for the next phases (the page keeps the open state per tab).
  await laptop.evaluate(() => sessionStorage.removeItem('oiis.chat.panelOpen'));

  // Phone: the bottom bar opens the full-screen chat; large targets, no sideways scrolling.
  const phone = await loggedInPage(PHONE, writeKey, 'chat-phone');
  await phone.click('.assistant-toggle');
  await phone.waitForSelector('main .chat #chat-input', { timeout: 5000 });
  check.ok('phone: the assistant bar opens #/assistant', await phone.evaluate(() => location.hash === '#/assistant'));
  const t1 = Date.now();
  const churn = await ask(phone, 'Show me customers at risk of churning');
  timings.push({ step: 'phone: churn question to the answer', ms: Date.now() - t1 });
  check.ok('phone: the churn answer arrives with its table', churn.state === 'done' && (await phone.$$('.chat .chat-table tbody tr')).length > 0, churn.text.slice(0, 80));
  check.ok('phone: the chat has no horizontal overflow', await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  const sizes = await phone.$$eval('.chat .chat-send, .chat .new-chat, .chat .threads-toggle, .chat .answer-tools button', (els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  check.ok('phone: chat buttons are at least 44 px high', sizes.length >= 4 && sizes.every((x) => x >= 44), sizes.join(', '));
  await shot(phone, 'phone-assistant');
  // A customer reference in the answer opens that customer's page (looked up by reference).
  const ref = (await phone.getAttribute('.chat .chat-table a[data-customer-ref]', 'data-customer-ref').catch(() => null));
  const found = ref ? (await writer('GET', `customers?q=${encodeURIComponent(ref)}`)).body?.items?.find((c) => c.external_id === ref) : null;
  if (check.ok('phone: the churn table links its customers', ref && found, `${ref}`)) {
    await phone.click(`.chat .chat-table a[data-customer-ref="${ref}"] >> nth=0`);
    await phone.waitForFunction((id) => location.hash === `#/customers/${id}`, found.id, { timeout: 5000 }).catch(() => {});
    check.ok('phone: a customer link opens that customer\'s page', await phone.evaluate(() => location.hash) === `#/customers/${found.id}`, `${ref} → ${await phone.evaluate(() => location.hash)}`);
  }
  await phone.context().close();
  table('Assistant chat', timings, ['step', 'ms']);
}

const LAPTOP_OF = (page) => page.viewportSize();
