// Models: registry versions and their held-out metrics (GET /models), drift and accuracy
// reports (GET /monitor), and the last training jobs (GET /jobs).
import { get } from '../api';
import { badge, Column, h, missingNote, panel, table } from '../dom';
import { dateTime, num, pct, words } from '../format';

interface Version {
  family: string; version: number; stage: string; created_at: string; data_date: string; note: string | null;
  metrics: { test?: Record<string, unknown>; validation?: Record<string, unknown>; promotion_metric?: { name: string } };
}
interface Report {
  id: number; family: string; model_version: number; created_at: string; alert: boolean;
  report: { drift?: { max_psi: number; alert: boolean; features: { feature: string; psi: number; level: string }[] }; accuracy?: { metric: string; status?: string; now?: Record<string, unknown> }; alert_psi?: number };
}
interface Job { id: number; family: string; kind: string; status: string; progress: number; message: string; created_at: string; finished_at: string | null; model_version: number | null }

export function renderModels(main: HTMLElement): void {
  main.append(
    h('h1', null, 'Models'),
    panel('Registry', fillRegistry, { id: 'registry', wide: true }),
    h('div', { class: 'grid' },
      panel('Drift and accuracy', fillMonitor, { id: 'monitor' }),
      panel('Training jobs', fillJobs, { id: 'jobs' }),
    ),
  );
}

function metricSummary(m: Record<string, unknown> | undefined): string {
  if (!m) return '—';
  return Object.entries(m)
    .filter(([, v]) => typeof v === 'number')
    .slice(0, 5)
    .map(([k, v]) => `${words(k)} ${num(v)}`)
    .join(', ') || '—';
}

async function fillRegistry(body: HTMLElement): Promise<void> {
  const r = await get<{ items: Version[] }>('models');
  if (!r.items.length) {
    body.append(missingNote('No model is registered yet. An admin trains one with POST /api/v1/models/{family}/train (the server also retrains on its schedule).'));
    return;
  }
  const cols: Column<Version>[] = [
    { label: 'Model', cell: (v) => `${v.family} v${v.version}` },
    { label: 'Stage', cell: (v) => badge(v.stage, v.stage === 'production' ? 'ok' : '') },
    { label: 'Held-out test', cell: (v) => metricSummary(v.metrics?.test) },
    { label: 'Validation', cell: (v) => metricSummary(v.metrics?.validation), narrowHide: true },
    { label: 'Data up to', cell: (v) => v.data_date ?? '—', narrowHide: true },
    { label: 'Registered', cell: (v) => dateTime(v.created_at) },
    { label: 'Note', cell: (v) => v.note ?? '', narrowHide: true },
  ];
  body.append(table(r.items, cols, { id: 'registry-table', class: 'cards-on-phone' }));
}

async function fillMonitor(body: HTMLElement): Promise<void> {
  const r = await get<{ items: Report[] }>('monitor', { limit: 10 });
  if (!r.items.length) {
    body.append(missingNote('No monitoring report yet (the server checks production models every few hours; a write key can run POST /api/v1/models/{family}/monitor).'));
    return;
  }
  body.append(table(r.items, [
    { label: 'Model', cell: (x) => `${x.family} v${x.model_version}` },
    { label: 'Checked', cell: (x) => dateTime(x.created_at) },
    { label: 'Largest drift (PSI)', num: true, cell: (x) => {
      const d = x.report.drift;
      if (!d) return '—';
      const worst = d.features.slice().sort((a, b) => b.psi - a.psi)[0];
      return `${num(d.max_psi)}${worst && d.max_psi > 0 ? ` (${words(worst.feature)})` : ''}`;
    } },
    { label: 'Accuracy', cell: (x) => x.report.accuracy?.status ?? metricSummary(x.report.accuracy?.now) },
    { label: 'Alert', cell: (x) => (x.alert ? badge('alert', 'sev-high') : badge('ok', 'ok')) },
  ], { id: 'monitor-table', class: 'cards-on-phone' }));
}

async function fillJobs(body: HTMLElement): Promise<void> {
  const r = await get<{ items: Job[] }>('jobs', { limit: 10 });
  if (!r.items.length) {
    body.append(missingNote('No training job has run yet.'));
    return;
  }
  body.append(table(r.items, [
    { label: 'Job', cell: (j) => `#${j.id} ${j.kind} ${j.family}` },
    { label: 'Status', cell: (j) => badge(j.status, j.status === 'succeeded' ? 'ok' : j.status === 'failed' ? 'sev-high' : '') },
    { label: 'Progress', num: true, cell: (j) => pct(j.progress) },
    { label: 'Message', cell: (j) => j.message },
    { label: 'Started', cell: (j) => dateTime(j.created_at), narrowHide: true },
  ], { id: 'jobs-table', class: 'cards-on-phone' }));
}
