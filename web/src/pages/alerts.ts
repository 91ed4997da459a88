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
  check: string | null;
  record: { kind: string; id: number | string; sku?: string; [k: string]: unknown } | null;
  created_at: string;
  updated_at: string;
  note: string | null;
}
interface AlertPage { items: Alert[]; next_cursor: string | null; counts: Record<string, number> }

const STATUSES = ['open', 'acknowledged', 'resolved'];
const TYPES = ['', 'fraud', 'shrinkage', 'price', 'supplier', 'drift'];
let status = 'open';
let type = '';

export function renderAlerts(main: HTMLElement): void {
  const slot = h('div');
  const statusSel = h('select', { id: 'alert-status' }, STATUSES.map((s) => h('option', { value: s, selected: s === status }, s)));
  const typeSel = h('select', { id: 'alert-type' }, TYPES.map((t) => h('option', { value: t, selected: t === type }, t || 'all types')));
  const draw = () => slot.replaceChildren(panel('Alerts', fillAlerts, { id: 'alerts', wide: true }));
  statusSel.addEventListener('change', () => { status = statusSel.value; draw(); });
  typeSel.addEventListener('change', () => { type = typeSel.value; draw(); });
  const tools = h('div', { class: 'table-tools' },
    h('label', { for: 'alert-status' }, 'Status'), statusSel,
    h('label', { for: 'alert-type' }, 'Type'), typeSel);
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

function scanSummary(r: Record<string, unknown>): string {
  const n = r.created ?? r.new ?? (Array.isArray(r.items) ? r.items.length : undefined);
  return typeof n === 'number' ? `Scan done: ${int(n)} new alerts.` : 'Scan done.';
}

async function fillAlerts(body: HTMLElement, reload: () => void): Promise<void> {
  const page = await get<AlertPage>('alerts', { status, type, limit: 50 });
  if (page.counts) {
    body.append(h('p', { class: 'muted', id: 'alert-counts' }, STATUSES.map((s) => `${s}: ${int(page.counts[s] ?? 0)}`).join(' · ')));
  }
  if (!page.items.length) {
    body.append(missingNote(`No ${status} ${type ? type + ' ' : ''}alerts.`));
    return;
  }
  body.append(h('ul', { class: 'alert-list' }, page.items.map((a) => alertItem(a, reload))));
  if (page.next_cursor) body.append(h('p', { class: 'muted' }, 'Showing the first 50; resolve some to see more.'));
}

function recordLink(r: Alert['record']): HTMLElement | string {
  if (!r) return '';
  if (r.kind === 'product' && (r.sku || r.id)) return link(`#/products/${encodeURIComponent(String(r.sku ?? r.id))}`, `product ${r.sku ?? r.id}`);
  if (r.kind === 'model') return link('#/models', `model ${r.id}`);
  return `${r.kind.replace(/_/g, ' ')} ${r.id}`;
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
    a.reasons?.length ? h('ul', { class: 'reasons' }, a.reasons.map((r) => h('li', null, r.text))) : null,
    h('p', { class: 'muted' },
      `#${a.id} · `, recordLink(a.record), a.score !== null && a.score !== undefined ? ` · score ${num(a.score)}` : '',
      ` · raised ${dateTime(a.created_at)}`, a.note ? ` · note: ${a.note}` : ''),
    actions,
  );
}
