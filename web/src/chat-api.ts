// The assistant's API: POST /chat streamed as server-sent events, the thread routes and the
// approval decision. EventSource cannot POST or send the Authorization header, so the stream
// is read from fetch's body and split into `event:` / `data:` blocks here.
import { ApiError, get, getKey, post, request } from './api';

export interface ChatSource {
  kind: string; // sql | model | service | document
  detail: string;
  params?: unknown;
}

export interface ChatCitation {
  id: number;
  tool: string;
  args: Record<string, unknown>;
  sources: ChatSource[];
}

export interface ChatTable {
  title?: string;
  columns: string[];
  rows: unknown[][];
}

export interface ChatChartSpec {
  type: string; // line | bar
  title?: string;
  x: (string | number)[];
  series: { name: string; values: (number | null)[] }[];
}

export interface ChatAction {
  type: string;
  description: string;
  requires_approval?: boolean;
  tool?: string;
  args?: Record<string, unknown>;
  /** A purchase-order draft's lines, as shown for approval (line_id is what an edit names). */
  lines?: { line_id?: number; sku: string; name: string; quantity: number; unit_cost: number | null }[];
}

export interface PendingApproval {
  question: string;
  action: ChatAction;
}

export interface ChatAnswer {
  thread: string;
  agent: string;
  intent?: string;
  answer: string;
  tables?: ChatTable[];
  charts?: ChatChartSpec[];
  citations?: ChatCitation[];
  caveats?: string[];
  actions?: ChatAction[];
  pending_approval?: PendingApproval;
  seconds?: number;
}

export interface ThreadSummary {
  thread: string;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface ThreadTurn {
  turn: number;
  question: string;
  agent: string;
  answer: string;
}

export interface ThreadDetail extends ThreadSummary {
  turns: ThreadTurn[];
}

export interface StreamHandlers {
  /** A graph node started or finished (understand, inventory, bi, …, synthesise). */
  onNode(node: string, status: string): void;
  /** A piece of the answer's text, in order. */
  onToken(text: string): void;
}

/**
 * Asks a question and streams the answer. Resolves with the final `answer` event; rejects with
 * an ApiError for an HTTP error, an `error` event, a network failure or a stream that ends
 * before its answer (code `cut_off`).
 */
export async function streamChat(
  question: string,
  thread: string | null,
  handlers: StreamHandlers,
  signal?: AbortSignal,
): Promise<ChatAnswer> {
  const headers: Record<string, string> = {
    Accept: 'text/event-stream',
    'Content-Type': 'application/json',
  };
  const key = getKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch('/api/v1/chat', {
      method: 'POST',
      headers,
      body: JSON.stringify(thread ? { question, thread } : { question }),
      signal,
    });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await errorFrom(res);
  // A server (or proxy) that answers plain JSON despite the Accept header still works.
  if (!(res.headers.get('Content-Type') ?? '').includes('text/event-stream') || !res.body) {
    return (await res.json()) as ChatAnswer;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let answer: ChatAnswer | null = null;
  const handle = (block: string) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment (keep-alive)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(data.join('\n'));
    } catch {
      return; // not ours; the answer event decides success
    }
    if (event === 'node') handlers.onNode(String(payload.node ?? ''), String(payload.status ?? ''));
    else if (event === 'token') handlers.onToken(String(payload.text ?? ''));
    else if (event === 'answer') answer = payload as unknown as ChatAnswer;
    else if (event === 'error') {
      throw new ApiError(200, String(payload.code ?? 'error'), String(payload.message ?? 'the assistant failed'),
        (payload.field as string | null) ?? null);
    }
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        handle(block);
      }
    }
    if (buffer.trim()) handle(buffer);
  } catch (e) {
    reader.cancel().catch(() => {});
    if (e instanceof ApiError) throw e;
    throw networkError(e);
  }
  if (!answer) {
    throw new ApiError(0, 'cut_off', 'The connection closed before the answer arrived. Ask again to retry.');
  }
  return answer;
}

function networkError(e: unknown): ApiError {
  if (e instanceof DOMException && e.name === 'AbortError') return new ApiError(0, 'aborted', 'Stopped.');
  return new ApiError(0, 'network', `The server could not be reached (${(e as Error)?.message ?? e}). Check the connection and ask again.`);
}

async function errorFrom(res: Response): Promise<ApiError> {
  let err: ApiError;
  try {
    const body = await res.json();
    err = new ApiError(res.status, String(body?.error?.code ?? ''), String(body?.error?.message ?? res.statusText), body?.error?.field ?? null);
  } catch {
    err = new ApiError(res.status, '', `${res.status} ${res.statusText || 'error'}`);
  }
  if (res.status === 401) {
    // A refused key: one GET /me through the shared client, whose 401 path ends the session
    // and shows the login page with the reason, as every other panel does.
    await request('GET', 'me').catch(() => {});
  }
  return err;
}

export const listThreads = () => get<{ threads: ThreadSummary[] }>('threads', { limit: 50 });
export const getThread = (id: string) => get<ThreadDetail>(`threads/${encodeURIComponent(id)}`);
export const deleteThread = (id: string) => request<unknown>('DELETE', `threads/${encodeURIComponent(id)}`);
/** The decision answers with the resumed answer (JSON, not streamed). */
export const decide = (thread: string, approve: boolean, lines?: { id: number; quantity: number }[]) =>
  post<ChatAnswer>(`threads/${encodeURIComponent(thread)}/approval`, lines?.length ? { approve, lines } : { approve });

export interface KbPassage {
  doc: string;
  title?: string;
  section?: string;
  text: string;
  begin: number;
  end: number;
}

/** The passages of one document that match a query (the cited one among them, by offsets). */
export const kbSearch = (q: string, doc: string) =>
  get<{ results: KbPassage[] }>('kb/search', { q, doc, k: 50 });
