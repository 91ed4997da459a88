// Alerts: GET /alerts?status=&type= (fraud, shrinkage, price, supplier, drift) with the
// counts per status; acknowledge / resolve (POST /alerts/{id}/acknowledge|resolve) and a
// scan (POST /alerts/scan) for write keys.
import { canWrite, get, post } from '../api';
import { badge, button, errorBox, h, link, missingNote, panel } from '../dom';
import { dateTime, int, num } from '../format';

interface Alert {
  id: number;
  type: string;
  severity: 'low' | 'medium' | 'high';
  status: string;
  title: string;
  detail: string | null;
  score: number | null;
  reasons: { code: string; text: string }[];
  /** What to check or do about it, in words. */
  check: string | null;
  /** `key` is the record's human name: a SKU, a supplier's name, an order number. */
  record: { kind: string; id: number | string; key?: string } | null;
  occurred_at: string | null;
  created_at: string;
  updated_at: string;
  note: string | null;
  updated_by: string | null;
}
interface AlertPage { items: Alert[]; next_cursor: string | null; counts: Record<string, number> }

const STATUSES = ['open', 'acknowledged', 'resolved'];
const TYPES = ['', 'fraud', 'shrinkage', 'price', 'supplier', 'drift'];
const SEVERITIES = ['', 'high', 'medium', 'low'];
let status = 'open';
let type = '';
let severity = '';
// Alerts are tall (reasons, what to check, actions): 20 at a time, more on request.
const PAGE = 20;

export function renderAlerts(main: HTMLElement): void {
  const slot = h('div');
  const statusSel = h('select', { id: 'alert-status' }, STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  const typeSel = h('select', { id: 'alert-type' }, TYPES.map((t) => h('option', { value: t, selected: t === type }, t || 'all types')));
  const sevSel = h('select', { id: 'alert-severity' }, SEVERITIES.map((t) => h('option', { value: t, selected: t === severity }, t || 'any severity')));
  sevSel.addEventListener('change', () => { severity = sevSel.value; draw(); });
  const draw = () => slot.replaceChildren(panel('Alerts', fillAlerts, { id: 'alerts', wide: true }));
  statusSel.addEventListener('change', () => { status = statusSel.value; draw(); });
  typeSel.addEventListener('change', () => { type = typeSel.value; draw(); });
  const tools = h('div', { class: 'table-tools' },
    h('label', { for: 'alert-status' }, 'Status'), statusSel,
    h('label', { for: 'alert-type' }, 'Type'), typeSel,
    h('label', { for: 'alert-severity' }, 'Severity'), sevSel);
  if (canWrite()) {
    const scanMsg = h('span', { role: 'status' });
    tools.append(button('Run the scans', async (ev) => {
      const b = ev.currentTarget as HTMLButtonElement;
      b.disabled = true;
      scanMsg.textContent = 'Scanning…';
      try {
        const r = await post<Record<string, unknown>>('alerts/scan');
        scanMsg.textContent = scanSummary(r);
        draw();
      } catch (e) {
        scanMsg.replaceChildren(errorBox(e, 'Scan failed'));
      } finally {
        b.disabled = false;
      }
    }, { id: 'scan' }), scanMsg);
  }
  main.append(h('h1', null, 'Alerts'), tools, slot);
  draw();
}

/** POST /alerts/scan → {since, found:{type:n}, added:{type:n}, skipped:[...]}. */
function scanSummary(r: Record<string, unknown>): string {
  const added = (r.added ?? {}) as Record<string, number>;
  const total = Object.values(added).reduce((s, n) => s + n, 0);
  const parts = Object.entries(added).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${int(n)}`);
  const skipped = Array.isArray(r.skipped) && r.skipped.length ? ` Not scanned: ${r.skipped.join('; ')}.` : '';
  return `Scan done: ${int(total)} new alerts${parts.length ? ` (${parts.join(', ')})` : ''}.${skipped}`;
}

async function fillAlerts(body: HTMLElement, reload: () => void): Promise<void> {
  const first = await get<AlertPage>('alerts', { status, type, severity, limit: PAGE });
  if (first.counts) {
    body.append(h('p', { class: 'muted', id: 'alert-counts' }, STATUSES.map((s) => `${s}: ${int(first.counts[s] ?? 0)}`).join(' · ')));
  }
  if (!first.items.length) {
    body.append(missingNote(`No ${status} ${severity ? severity + '-severity ' : ''}${type ? type + ' ' : ''}alerts.`));
    return;
  }
  const list = h('ul', { class: 'alert-list' }, first.items.map((a) => alertItem(a, reload)));
  body.append(list);
  // Further pages are appended on request (cursor pagination).
  let cursor = first.next_cursor;
  if (cursor) {
    const more = button('Show more alerts', async () => {
      more.disabled = true;
      try {
        const page = await get<AlertPage>('alerts', { status, type, severity, limit: PAGE, cursor });
        list.append(...page.items.map((a) => alertItem(a, reload)));
        cursor = page.next_cursor;
        if (cursor) more.disabled = false;
        else more.remove();
      } catch (e) {
        more.disabled = false;
        more.after(errorBox(e, 'Could not load more'));
      }
    }, { class: 'more' });
    body.append(more);
  }
}

function recordLink(r: Alert['record']): HTMLElement | string {
  if (!r) return '';
  const name = r.key || String(r.id);
  if (r.kind === 'product') return link(`#/products/${encodeURIComponent(r.key || String(r.id))}`, `product ${name}`);
  if (r.kind === 'model') return link('#/models', `model ${name}`);
  return `${r.kind.replace(/_/g, ' ')} ${name}`;
}

function alertItem(a: Alert, reload: () => void): HTMLElement {
  const actions = h('div', { class: 'alert-actions' });
  if (canWrite() && a.status !== 'resolved') {
    const noteInput = h('input', { type: 'text', id: `note-${a.id}`, placeholder: 'Note (optional)', 'aria-label': `Note for alert ${a.id}` });
    const act = (verb: 'acknowledge' | 'resolve') => async (ev: Event) => {
      const b = ev.currentTarget as HTMLButtonElement;
      b.disabled = true;
      try {
        const note = noteInput.value.trim();
        await post(`alerts/${a.id}/${verb}`, note ? { note } : {});
        reload();
      } catch (e) {
        b.disabled = false;
        actions.append(errorBox(e, `Could not ${verb}`));
      }
    };
    actions.append(noteInput);
    if (a.status === 'open') actions.append(button('Acknowledge', act('acknowledge'), { class: 'ack', 'data-alert': a.id }));
    actions.append(button('Resolve', act('resolve'), { class: 'resolve', 'data-alert': a.id }));
  }
  return h('li', { class: `alert sev-${a.severity}`, 'data-alert-id': a.id },
    h('div', { class: 'alert-head' },
      badge(a.severity, `sev-${a.severity}`), badge(a.type), badge(a.status, 'status'),
      h('strong', null, a.title)),
    a.detail ? h('p', null, a.detail) : null,
    // The first reason often repeats the detail word for word: only the others are listed.
    (() => {
      const reasons = (a.reasons ?? []).filter((r) => r.text && r.text !== a.detail);
      return reasons.length ? h('ul', { class: 'reasons' }, reasons.map((r) => h('li', null, r.text))) : null;
    })(),
    a.check ? h('p', { class: 'check' }, h('strong', null, 'Check: '), a.check) : null,
    h('p', { class: 'muted' },
      `#${a.id} · `, recordLink(a.record), a.score !== null && a.score !== undefined ? ` · score ${num(a.score)}` : '',
      a.occurred_at ? ` · happened ${dateTime(a.occurred_at)}` : '', ` · raised ${dateTime(a.created_at)}`,
      a.status !== 'open' ? ` · ${a.status} ${dateTime(a.updated_at)}${a.updated_by ? ` by ${a.updated_by}` : ''}` : '',
      a.note ? ` · note: ${a.note}` : ''),
    actions,
  );
}
