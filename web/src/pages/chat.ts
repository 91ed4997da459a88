// The assistant chat. One conversation object per login: it lives in the side panel on wide
// screens (and keeps its thread while the user moves between pages, because the panel is not
// redrawn on navigation) and is moved, the same DOM, into <main> on the #/assistant route (the
// full-screen view, also what a phone uses). Answers stream from POST /api/v1/chat
// (chat-api.ts); earlier threads come from GET /api/v1/threads.
import { ApiError, canWrite } from '../api';
import {
  decide, deleteThread, getThread, listThreads, streamChat,
  type ChatAnswer, type ThreadDetail, type ThreadSummary,
} from '../chat-api';
import { renderAnswer, type LineChange } from '../chat-render';
import { button, errorBox, errorMessage, h } from '../dom';
import { dateTime } from '../format';
import { Recorder, speak, transcribe, voiceInSupported } from '../voice';

/** What each graph node is doing, for the short trail shown while an answer streams. */
const NODE_WORDS: Record<string, string> = {
  understand: 'understanding the question',
  inventory: 'checking stock',
  customer: 'looking at customers',
  bi: 'querying sales',
  operations: 'checking operations',
  none: 'searching the documents',
  approve: 'preparing the approval',
  synthesise: 'writing the answer',
};

const EXAMPLES = [
  'What products should I reorder this week?',
  'Show me customers at risk of churning',
  'Analyze last quarter\'s performance trends',
  'What is our returns policy?',
];

// Full answers (tables, charts, citations) seen in this tab, per thread: GET /threads/{id}
// gives only each turn's text, so a reopened thread shows the full answers when this tab has
// them. Kept in sessionStorage (bounded) so a reload keeps them too.
const CACHE_KEY = 'oiis.chat.answers';
const CACHE_LIMIT = 1_500_000;
type Cached = { question: string; answer: ChatAnswer }[];
const cache = new Map<string, Cached>(loadCache());

function loadCache(): [string, Cached][] {
  try {
    return Object.entries(JSON.parse(sessionStorage.getItem(CACHE_KEY) ?? '{}'));
  } catch {
    return [];
  }
}
function saveCache(): void {
  let entries = [...cache.entries()];
  let text = JSON.stringify(Object.fromEntries(entries));
  // Oldest threads go first when the cache grows past its bound.
  while (text.length > CACHE_LIMIT && entries.length > 1) {
    entries = entries.slice(1);
    text = JSON.stringify(Object.fromEntries(entries));
  }
  try {
    sessionStorage.setItem(CACHE_KEY, text);
  } catch {
    // Storage full or refused: the in-memory copy still serves this page view.
  }
}
function remember(thread: string, question: string, answer: ChatAnswer, replaceLast = false): void {
  const list = cache.get(thread) ?? [];
  if (replaceLast && list.length) list[list.length - 1] = { question, answer };
  else list.push({ question, answer });
  cache.delete(thread);
  cache.set(thread, list);
  saveCache();
}

export class Chat {
  readonly root: HTMLElement;
  private thread: string | null = null;
  private busy = false;
  /** Bumped when the user leaves the conversation (new chat, another thread) mid-stream. */
  private generation = 0;
  private abort: AbortController | null = null;
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly threadsBox: HTMLElement;
  private readonly threadsToggle: HTMLButtonElement;
  private readonly heading: HTMLElement;
  private readonly talk: HTMLButtonElement;
  private readonly voiceStatus: HTMLElement;
  private recorder: Recorder | null = null;

  constructor() {
    this.heading = h('p', { class: 'chat-thread-title muted' }, 'New conversation');
    this.threadsToggle = button('Threads', () => this.toggleThreads(), {
      class: 'secondary threads-toggle', 'aria-expanded': 'false', 'aria-controls': 'chat-threads',
    });
    this.threadsBox = h('section', { class: 'chat-threads', id: 'chat-threads', 'aria-label': 'Conversation threads', hidden: true });
    this.log = h('div', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
    this.input = h('textarea', {
      id: 'chat-input', class: 'chat-input', rows: 2, maxlength: 2000, required: true,
      placeholder: 'Ask about sales, stock, customers…', 'aria-label': 'Your question',
    });
    this.send = h('button', { type: 'submit', class: 'chat-send' }, 'Ask');
    this.stop = button('Stop', () => this.abort?.abort(), { class: 'secondary chat-stop', hidden: true });
    // Push-to-talk: the transcript lands in the input, to be read and edited before Ask.
    this.talk = button('Talk', () => void this.toggleTalk(), {
      class: 'secondary chat-talk', 'aria-pressed': 'false', hidden: !voiceInSupported(),
      title: 'Record a question (press again to stop); the transcript can be edited before it is sent',
    });
    this.voiceStatus = h('p', { class: 'chat-voice-status muted small', role: 'status', 'aria-live': 'polite' });
    const form = h('form', { class: 'chat-form' }, this.input,
      h('div', { class: 'chat-form-actions' }, this.send, this.stop, this.talk), this.voiceStatus);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.ask(this.input.value);
    });
    // Enter sends, Shift+Enter breaks the line (the usual chat convention).
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
    const head = h('div', { class: 'chat-head' },
      this.heading,
      h('div', { class: 'chat-head-actions' },
        this.threadsToggle,
        button('New chat', () => this.newThread(), { class: 'secondary new-chat' }),
        h('a', { href: '#/assistant', class: 'chat-fullscreen' }, 'Full screen')));
    this.root = h('div', { class: 'chat', 'data-mode': 'panel' }, head, this.threadsBox, this.log, form);
    this.showEmpty();
  }

  /** Moves the conversation into a container: the side panel or the #/assistant page. */
  mount(container: HTMLElement, mode: 'panel' | 'page'): void {
    this.root.dataset.mode = mode;
    container.append(this.root);
    // The page view always lists the threads beside the conversation.
    if (mode === 'page' && !window.matchMedia('(max-width: 760px)').matches) this.openThreads(true);
    import('../charts').then((c) => c.resizeAnswerCharts()).catch(() => {});
  }

  focus(): void {
    this.input.focus({ preventScroll: true });
  }

  private showEmpty(): void {
    this.log.replaceChildren(h('div', { class: 'chat-empty' },
      h('p', null, 'Ask a question about the shop: every figure in an answer links to the query, model or document behind it.'),
      h('ul', { class: 'chat-examples' }, EXAMPLES.map((q) => h('li', null, button(q, () => this.ask(q), { class: 'secondary example' }))))));
  }

  /** Keeps the newest turn in view by scrolling the log only (never the page behind the panel). */
  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  newThread(): void {
    this.generation++;
    if (this.busy) this.abort?.abort();
    this.thread = null;
    this.heading.textContent = 'New conversation';
    this.root.dataset.thread = '';
    this.showEmpty();
    this.markCurrent();
    this.focus();
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.send.disabled = busy;
    this.stop.hidden = !busy;
    this.root.dataset.busy = String(busy);
  }

  /** Asks in the current thread (a follow-up) or starts a new one. */
  async ask(text: string, retryOf?: HTMLElement): Promise<void> {
    const question = text.trim();
    if (!question || this.busy) return;
    this.input.value = '';
    this.log.querySelector('.chat-empty')?.remove();
    const trail = h('ol', { class: 'chat-trail', 'aria-label': 'Progress' });
    const streamed = h('p', { class: 'chat-streaming' });
    const slot = h('div', { class: 'chat-a', 'aria-busy': 'true' }, trail, streamed);
    const turn = h('article', { class: 'chat-turn', 'data-state': 'streaming' }, h('p', { class: 'chat-q' }, question), slot);
    if (retryOf) retryOf.replaceWith(turn);
    else this.log.append(turn);
    this.scrollToEnd();
    this.setBusy(true);
    this.abort = new AbortController();
    const started = performance.now();
    const generation = this.generation;
    try {
      const answer = await streamChat(question, this.thread, {
        onNode: (node, status) => this.trailStep(trail, node, status),
        onToken: (t) => {
          turn.dataset.state = 'writing';
          const atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
          streamed.append(t);
          if (atEnd) this.scrollToEnd();
        },
      }, this.abort.signal);
      if (generation !== this.generation) {
        // The user moved to another conversation meanwhile: keep the answer, change nothing.
        remember(answer.thread, question, answer);
        return;
      }
      const firstAsk = this.thread === null;
      this.thread = answer.thread;
      this.root.dataset.thread = answer.thread;
      if (firstAsk) this.heading.textContent = question;
      remember(answer.thread, question, answer);
      this.finishTrail(trail, answer);
      trail.title = `${((performance.now() - started) / 1000).toFixed(1)} s`;
      streamed.remove();
      slot.append(this.answerElement(answer, question, turn));
      slot.setAttribute('aria-busy', 'false');
      turn.dataset.state = 'done';
      if (!this.threadsBox.hidden) this.refreshThreads();
    } catch (e) {
      turn.dataset.state = 'error';
      slot.setAttribute('aria-busy', 'false');
      // The stream's own errors (an `error` event, no connection) carry no useful HTTP status.
      const text = e instanceof ApiError && (e.status === 0 || e.status === 200)
        ? `${e.message}${e.field ? ` (field: ${e.field})` : ''}` : errorMessage(e);
      slot.append(h('div', { class: 'error', role: 'alert' }, h('strong', null, 'No answer: '), text),
        button('Ask again', () => this.ask(question, turn), { class: 'secondary retry' }));
    } finally {
      this.setBusy(false);
      this.abort = null;
    }
  }

  private trailStep(trail: HTMLElement, node: string, status: string): void {
    const words = NODE_WORDS[node] ?? node.replace(/_/g, ' ');
    let li = trail.querySelector<HTMLElement>(`li[data-node="${CSS.escape(node)}"]`);
    if (!li) {
      li = h('li', { 'data-node': node }, `${words}…`);
      trail.append(li);
    }
    li.dataset.status = status;
    if (status === 'finished') li.textContent = words;
  }

  /** Steps the stream left open: done, except an approval, which now waits for a person. */
  private finishTrail(trail: HTMLElement, answer: ChatAnswer): void {
    trail.classList.add('done');
    for (const li of trail.querySelectorAll<HTMLElement>('li:not([data-status="finished"])')) {
      if (li.dataset.node === 'approve' && answer.pending_approval) {
        li.dataset.status = 'waiting';
        li.textContent = 'waiting for approval';
      } else {
        li.dataset.status = 'finished';
        li.textContent = NODE_WORDS[li.dataset.node ?? ''] ?? li.dataset.node ?? '';
      }
    }
  }

  private answerElement(answer: ChatAnswer, question: string, turn: HTMLElement): HTMLElement {
    const element = renderAnswer(answer, {
      question,
      onDecide: (approve, box, lines) => this.decideApproval(answer.thread, approve, box, question, turn, lines),
    });
    if (answer.answer) {
      const speakButton: HTMLButtonElement = button('Speak', () => {
        speakButton.disabled = true;
        speak(answer.answer)
          .catch((e) => element.append(errorBox(e, 'Could not speak the answer')))
          .finally(() => { speakButton.disabled = false; });
      }, { class: 'secondary chat-speak', 'aria-label': 'Speak the answer aloud' });
      element.append(speakButton);
    }
    return element;
  }

  /** Starts a recording, or stops it and puts its transcript in the input for editing. */
  private async toggleTalk(): Promise<void> {
    if (this.recorder?.recording) {
      const recorder = this.recorder;
      this.recorder = null;
      this.talk.textContent = 'Talk';
      this.talk.setAttribute('aria-pressed', 'false');
      this.voiceStatus.textContent = 'Transcribing…';
      try {
        const heard = await transcribe(await recorder.stop());
        this.input.value = heard.text;
        this.voiceStatus.textContent = heard.text
          ? 'Check the transcript, edit it if needed, then Ask.'
          : 'Nothing was recognised; try again closer to the microphone.';
        this.focus();
      } catch (e) {
        this.voiceStatus.textContent = `Voice failed: ${errorMessage(e)}`;
      }
      return;
    }
    const recorder = new Recorder();
    try {
      await recorder.start(() => void this.toggleTalk());
    } catch (e) {
      this.voiceStatus.textContent = `The microphone is not available: ${errorMessage(e)}`;
      return;
    }
    this.recorder = recorder;
    this.talk.textContent = 'Stop talking';
    this.talk.setAttribute('aria-pressed', 'true');
    this.voiceStatus.textContent = 'Listening… press Stop talking when done (20 s at most).';
  }

  /** POST /threads/{t}/approval: the graph resumes and its answer replaces the pending one. */
  private async decideApproval(thread: string, approve: boolean, box: HTMLElement, question: string, turn: HTMLElement,
    lines?: LineChange[]): Promise<void> {
    const controls = box.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input');
    for (const b of controls) b.disabled = true;
    const edited = Boolean(approve && lines?.length);
    const status = h('p', { class: 'loading', role: 'status' }, approve ? (edited ? 'Saving your changes and approving…' : 'Approving…') : 'Rejecting…');
    box.append(status);
    try {
      const resumed = await decide(thread, approve, approve ? lines : undefined);
      remember(thread, question, resumed, true);
      const slot = turn.querySelector('.chat-a') as HTMLElement;
      slot.querySelector('.chat-answer')?.replaceWith(h('div', null,
        h('p', { class: `decision ${approve ? 'ok' : 'muted'}`, role: 'status' },
          approve ? `You approved it${edited ? ' with your changes' : ''} (the decision is in the audit log); the result:` : 'You rejected it: nothing was changed.'),
        this.answerElement(resumed, question, turn)));
    } catch (e) {
      status.remove();
      box.append(errorBox(e, 'The decision was not recorded'));
      for (const b of controls) b.disabled = false;
    }
  }

  // --- threads -----------------------------------------------------------------------------

  private toggleThreads(): void {
    this.openThreads(Boolean(this.threadsBox.hidden));
  }

  private openThreads(open: boolean): void {
    this.threadsBox.hidden = !open;
    this.threadsToggle.setAttribute('aria-expanded', String(open));
    if (open) this.refreshThreads();
  }

  private async refreshThreads(): Promise<void> {
    const box = this.threadsBox;
    box.dataset.state = 'loading';
    if (!box.querySelector('ul')) box.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading threads…'));
    try {
      const { threads } = await listThreads();
      box.replaceChildren(h('h2', { class: 'chat-threads-title' }, 'Threads'), threads.length
        ? h('ul', { class: 'thread-list' }, threads.map((t) => this.threadItem(t)))
        : h('p', { class: 'muted' }, 'No conversations yet.'));
      // DELETE /threads/{id} needs a write key, even for a read key's own threads.
      if (!canWrite()) box.append(h('p', { class: 'muted small' }, 'Deleting a thread needs a write key.'));
      this.markCurrent();
      box.dataset.state = 'ready';
    } catch (e) {
      box.replaceChildren(errorBox(e, 'Could not load the threads'));
      box.dataset.state = 'error';
    }
  }

  private threadItem(t: ThreadSummary): HTMLElement {
    const open = h('button', {
      type: 'button', class: 'thread-open', 'data-thread': t.thread, title: t.title || t.thread,
      onclick: () => this.openThread(t.thread),
    }, h('span', null, t.title || t.thread));
    const del = canWrite()
      ? button('Delete', async () => {
          if (!confirm(`Delete the conversation "${t.title}"?`)) return;
          del!.disabled = true;
          try {
            await deleteThread(t.thread);
            cache.delete(t.thread);
            saveCache();
            if (this.thread === t.thread) this.newThread();
            li.remove();
          } catch (e) {
            del!.disabled = false;
            li.append(errorBox(e, 'Could not delete'));
          }
        }, { class: 'secondary thread-delete', 'data-thread': t.thread, 'aria-label': `Delete conversation: ${t.title}` })
      : null;
    const li = h('li', { 'data-thread': t.thread }, open, h('span', { class: 'muted small' }, dateTime(t.updated_at)), del);
    return li;
  }

  private markCurrent(): void {
    for (const li of this.threadsBox.querySelectorAll<HTMLElement>('li[data-thread]')) {
      if (li.dataset.thread === this.thread) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
    }
  }

  /** Shows a stored thread: full answers where this tab has them, the turns' text otherwise. */
  async openThread(id: string): Promise<void> {
    this.generation++;
    if (this.busy) this.abort?.abort();
    this.log.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading the conversation…'));
    let t: ThreadDetail;
    try {
      t = await getThread(id);
    } catch (e) {
      this.log.replaceChildren(errorBox(e, 'Could not open the thread'));
      return;
    }
    this.thread = id;
    this.root.dataset.thread = id;
    this.heading.textContent = t.title || id;
    this.markCurrent();
    const full = cache.get(id) ?? [];
    const turns = t.turns.map((turn, i) => {
      const cached = full[i]?.question === turn.question ? full[i].answer : null;
      const el = h('article', { class: 'chat-turn', 'data-state': 'done' }, h('p', { class: 'chat-q' }, turn.question));
      const answer: ChatAnswer = cached ?? { thread: id, agent: turn.agent, answer: turn.answer };
      el.append(h('div', { class: 'chat-a' },
        cached ? null : h('p', { class: 'muted small' }, 'From the thread\'s history: text only (the server keeps no tables, charts or sources of past turns).'),
        this.answerElement(answer, turn.question, el)));
      return el;
    });
    // A turn still waiting for a decision is not among the server's turns; this tab may know it.
    const pending = full[t.turns.length];
    if (pending?.answer.pending_approval) {
      const el = h('article', { class: 'chat-turn', 'data-state': 'done' }, h('p', { class: 'chat-q' }, pending.question));
      el.append(h('div', { class: 'chat-a' }, this.answerElement(pending.answer, pending.question, el)));
      turns.push(el);
    }
    this.log.replaceChildren(...turns);
    if (!turns.length) this.log.append(h('p', { class: 'muted' }, 'This thread has no finished turn yet (it may be waiting for an approval).'));
    this.scrollToEnd();
    this.focus();
  }
}
