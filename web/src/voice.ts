// Voice in the chat: push-to-talk recorded with MediaRecorder, decoded and resampled in the
// browser to a 16 kHz mono 16-bit WAV (what POST /api/v1/voice/transcribe prefers), and answers
// spoken through POST /api/v1/voice/speak. Everything stays on the user's server.
import { postForBlob } from './api';

export interface Transcript {
  text: string;
  words: { word: string; start: number; end: number; confidence: number }[];
  seconds: number;
  model: string;
}

/** The server refuses longer clips; the recorder stops itself a little before. */
const MAX_SECONDS = 19;
const RATE = 16000;

export function voiceInSupported(): boolean {
  return Boolean(navigator.mediaDevices?.getUserMedia) && typeof MediaRecorder !== 'undefined';
}

/** One recording: start() asks for the microphone, stop() answers the WAV. */
export class Recorder {
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private timer = 0;
  private stopped: Promise<Blob> | null = null;

  async start(onAutoStop: () => void): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    this.chunks = [];
    const recorder = new MediaRecorder(stream);
    this.recorder = recorder;
    this.stopped = new Promise((resolve) => {
      recorder.ondataavailable = (ev) => { if (ev.data.size) this.chunks.push(ev.data); };
      recorder.onstop = () => {
        for (const track of stream.getTracks()) track.stop();
        resolve(new Blob(this.chunks, { type: recorder.mimeType }));
      };
    });
    recorder.start();
    this.timer = window.setTimeout(onAutoStop, MAX_SECONDS * 1000);
  }

  get recording(): boolean {
    return this.recorder?.state === 'recording';
  }

  /** Stops and answers the recording as a 16 kHz mono WAV. */
  async stop(): Promise<Blob> {
    window.clearTimeout(this.timer);
    if (!this.recorder || !this.stopped) throw new Error('not recording');
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    const compressed = await this.stopped;
    this.recorder = null;
    return toWav16k(await compressed.arrayBuffer());
  }
}

/** Decodes whatever MediaRecorder wrote (Opus in WebM or Ogg, AAC in MP4) and resamples it. */
async function toWav16k(encoded: ArrayBuffer): Promise<Blob> {
  const context = new AudioContext();
  let decoded: AudioBuffer;
  try {
    decoded = await context.decodeAudioData(encoded);
  } finally {
    void context.close();
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * RATE));
  // An offline context at 16 kHz does the resampling (with the browser's own filter) and,
  // with one output channel, the down-mix.
  const offline = new OfflineAudioContext(1, frames, RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const rendered = await offline.startRendering();
  return encodeWav(rendered.getChannelData(0), RATE);
}

/** 16-bit PCM mono WAV of samples in [-1, 1]. */
export function encodeWav(samples: Float32Array, rate: number): Blob {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(buffer);
  const text = (at: number, s: string) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);  // PCM
  view.setUint16(22, 1, true);  // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

export async function transcribe(wav: Blob): Promise<Transcript> {
  const res = await postForBlob('voice/transcribe', wav, 'audio/wav');
  return (await res.json()) as Transcript;
}

let playing: HTMLAudioElement | null = null;

/** Speaks `text` (an answer, its [n] citation markers dropped); a new call stops the last one. */
export async function speak(text: string): Promise<void> {
  const spoken = text.replace(/\[\d+\]/g, '').replace(/\s+/g, ' ').trim().slice(0, 2000);
  const res = await postForBlob('voice/speak', JSON.stringify({ text: spoken }), 'application/json');
  const url = URL.createObjectURL(await res.blob());
  playing?.pause();
  playing = new Audio(url);
  playing.onended = () => URL.revokeObjectURL(url);
  await playing.play();
}
