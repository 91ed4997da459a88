// Push-to-talk in the chat, end to end: Chromium's fake microphone plays a WAV that
// `oiis voice speak` made (espeak-ng), the page records it with MediaRecorder, resamples it to
// 16 kHz and posts it to /api/v1/voice/transcribe (PocketSphinx), and the transcript must land
// in the question box, where it can be edited before Ask. Part of e2e.mjs; also runs alone:
//   OIIS_BIN=build/oiis [OIIS_WEB_ROOT=web/dist] node web/tests/voice.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { apiClient, Checks, cleanupAll, launchBrowser, LAPTOP, startServer } from './lib.mjs';

export const VOICE_SENTENCE = 'what products should i reorder this week';
const LEAD_SECONDS = 0.5;
const TAIL_SECONDS = 2.5;

/**
 * The sentence spoken into a 16 kHz mono WAV with quiet before and after. Chromium loops the
 * file, so the quiet keeps one recording of the clip's length to one saying of the sentence.
 */
function fakeMicrophoneWav(bin, dir) {
  const spoken = join(dir, 'spoken.wav');
  execFileSync(bin, ['voice', 'speak', VOICE_SENTENCE, '--out', spoken], { stdio: 'ignore' });
  const wav = readFileSync(spoken);
  // oiis writes the canonical 44-byte header: 16-bit mono PCM, data from byte 44.
  const rate = wav.readUInt32LE(24);
  const pcm = wav.subarray(44);
  const lead = Buffer.alloc(Math.round(LEAD_SECONDS * rate) * 2);
  const tail = Buffer.alloc(Math.round(TAIL_SECONDS * rate) * 2);
  const data = Buffer.concat([lead, pcm, tail]);
  const header = Buffer.from(wav.subarray(0, 44));
  header.writeUInt32LE(36 + data.length, 4);
  header.writeUInt32LE(data.length, 40);
  const file = join(dir, 'microphone.wav');
  writeFileSync(file, Buffer.concat([header, data]));
  return { file, seconds: data.length / 2 / rate };
}

/** Words of a transcript or sentence, lowercased, punctuation dropped. */
const words = (text) => text.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);

export async function voiceChecks({ check, base, writeKey, bin, shot }) {
  const dir = mkdtempSync(join(tmpdir(), 'oiis-voice-e2e-'));
  try {
    const mic = fakeMicrophoneWav(bin, dir);
    const browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${mic.file}`]);
    const ctx = await browser.newContext({ viewport: LAPTOP, permissions: ['microphone'] });
    const page = await ctx.newPage();
    await page.goto(`${base}/#/assistant`);
    await page.fill('#api-key', writeKey);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('main .chat #chat-input', { timeout: 10000 });
    if (!check.ok('voice: the Talk button is offered (MediaRecorder and a microphone)', await page.isVisible('.chat-talk'))) return;
    await page.click('.chat-talk');
    await page.waitForSelector('.chat-talk[aria-pressed="true"]', { timeout: 5000 });
    await page.waitForTimeout(mic.seconds * 1000);
    await page.click('.chat-talk');
    await page.waitForFunction(() => /Check the transcript|Nothing was recognised|Voice failed/.test(
      document.querySelector('.chat-voice-status')?.textContent ?? ''), null, { timeout: 30000 });
    const status = await page.textContent('.chat-voice-status');
    const heard = await page.inputValue('#chat-input');
    const said = words(VOICE_SENTENCE);
    const found = said.filter((w) => words(heard).includes(w));
    check.ok('voice: the transcript of the fake microphone lands in the question box', found.length >= said.length - 2,
      `heard "${heard}" (${found.length} of ${said.length} words), status "${status}"`);
    if (shot) await shot(page, 'laptop-voice-transcript');
    // Editable before Ask: the user fixes a word by typing.
    await page.fill('#chat-input', `${heard} in toys`);
    await page.press('#chat-input', 'End');
    await page.keyboard.type('?');
    check.ok('voice: the transcript can be edited before it is sent', await page.inputValue('#chat-input') === `${heard} in toys?`
      && await page.isEnabled('#chat-input'));
    await ctx.close();
    await browser.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: a server over a fresh demo world, an admin key and a write key, then the checks.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bin = process.env.OIIS_BIN;
  if (!bin) {
    console.error('OIIS_BIN is required: the path to the oiis binary.');
    process.exit(2);
  }
  const check = new Checks();
  const adminKey = `voice-admin-${randomBytes(8).toString('hex')}`;
  try {
    const webRoot = process.env.OIIS_WEB_ROOT ? resolve(process.env.OIIS_WEB_ROOT) : '';
    const server = await startServer({ bin, webRoot, adminKey });
    const made = await apiClient(server.url, adminKey)('POST', 'api-keys', { name: 'voice-writer', role: 'write' });
    if (made.status !== 201) throw new Error(`POST /api-keys: ${made.status} ${made.text}`);
    await voiceChecks({ check, base: server.url, writeKey: made.body.key, bin });
  } catch (e) {
    check.ok('voice: ran without an exception', false, e.stack?.split('\n').slice(0, 4).join(' | ') ?? String(e));
  } finally {
    await cleanupAll();
  }
  process.exit(check.failed().length ? 1 : 0);
}
