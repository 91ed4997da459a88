// Export of an assistant answer: the whole answer as Markdown (copied or downloaded) and each
// table as CSV. Raw values go out (not the page's formatting), so a spreadsheet gets numbers.
import type { ChatAnswer, ChatCitation, ChatTable } from './chat-api';

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
export function tableCsv(t: ChatTable): string {
  const field = (v: unknown) => {
    const s = cellText(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns, ...t.rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function mdCell(v: unknown): string {
  return cellText(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mdTable(t: ChatTable): string {
  const lines = [
    `| ${t.columns.map(mdCell).join(' | ')} |`,
    `| ${t.columns.map((_, i) => (t.rows.some((r) => typeof r[i] === 'number') ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function citationLine(c: ChatCitation): string {
  const sources = c.sources.map((s) => {
    const params = s.params !== undefined && s.params !== null && !(Array.isArray(s.params) && !s.params.length)
      ? ` (values: ${JSON.stringify(s.params)})` : '';
    return s.kind === 'sql' ? `SQL \`${s.detail}\`${params}` : `${s.kind}: ${s.detail}${params}`;
  });
  const args = Object.keys(c.args ?? {}).length ? ` ${JSON.stringify(c.args)}` : '';
  return `[${c.id}]: ${c.tool}${args}${sources.length ? ' — ' + sources.join('; ') : ''}`;
}

/** The answer as a Markdown document: question, text with its [n] markers, tables, notes, sources. */
export function answerMarkdown(question: string | null, a: ChatAnswer): string {
  const parts: string[] = [];
  if (question) parts.push(`**Q:** ${question}`);
  parts.push(a.answer);
  for (const t of a.tables ?? []) parts.push(`${t.title ? `**${t.title}**\n\n` : ''}${mdTable(t)}`);
  for (const c of a.charts ?? []) {
    parts.push(`**${c.title ?? 'Chart'}** (${c.type})\n\n${mdTable({ columns: ['x', ...c.series.map((s) => s.name)], rows: c.x.map((x, i) => [x, ...c.series.map((s) => s.values[i])]) })}`);
  }
  if (a.caveats?.length) parts.push(`Caveats:\n\n${a.caveats.map((c) => `- ${c}`).join('\n')}`);
  if (a.actions?.length) parts.push(`Proposed actions:\n\n${a.actions.map((x) => `- ${x.description}${x.requires_approval ? ' (needs approval)' : ''}`).join('\n')}`);
  if (a.pending_approval) parts.push(`Waiting for approval: ${a.pending_approval.question}`);
  if (a.citations?.length) parts.push(`Sources:\n\n${a.citations.map(citationLine).join('\n')}`);
  return parts.join('\n\n') + '\n';
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Copies text; without the async clipboard (an insecure origin) falls back to a selection. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection copy
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.append(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/** A file name from a title: "Top products" → "top-products". */
export function slug(s: string | undefined, fallback: string): string {
  const v = (s ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return v || fallback;
}
