// Speaking cues (Web Speech API) and beeps (Web Audio), both optional on any given phone.
// Everything here fails silently: a phone without voices still gets the beeps and the screen.

let audio = null;

function context() {
  if (audio) return audio;
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return null;
  try {
    audio = new Ctx();
  } catch {
    audio = null;
  }
  return audio;
}

/** Call from a tap or key press: browsers only allow sound after a user gesture. */
export function unlockAudio() {
  const ctx = context();
  if (ctx && ctx.state === 'suspended') ctx.resume().catch(() => {});
}

export function speak(text) {
  if (!text || !('speechSynthesis' in window)) return;
  try {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || 'en';
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  } catch {
    // no voice: the beeps and the screen still work
  }
}

/** Stop whatever is being said (on pause, skip, back). */
export function hush() {
  try {
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
  } catch {
    // nothing to stop
  }
}

/** A short tone. `high` marks the end of a hold; the default marks a new step. */
export function beep({ frequency = 660, ms = 140, volume = 0.25 } = {}) {
  const ctx = context();
  if (!ctx || ctx.state === 'closed') return;
  try {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = ctx.currentTime;
    const end = start + ms / 1000;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(volume, start);
    gain.gain.exponentialRampToValueAtTime(0.001, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(end + 0.02);
  } catch {
    // no sound device
  }
}

export const stepBeep = () => beep({ frequency: 520, ms: 180 });
export const countBeep = () => beep({ frequency: 880, ms: 120 });

// Screen Wake Lock: keep the screen on during a session; taken again when the page comes back.
let sentinel = null;
let wanted = false;

export async function keepAwake() {
  wanted = true;
  if (!('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
  if (sentinel && !sentinel.released) return;
  try {
    sentinel = await navigator.wakeLock.request('screen');
  } catch {
    sentinel = null; // not allowed (battery saver, insecure page): carry on
  }
}

export function letSleep() {
  wanted = false;
  if (sentinel) sentinel.release().catch(() => {});
  sentinel = null;
}

document.addEventListener('visibilitychange', () => {
  if (wanted && document.visibilityState === 'visible') keepAwake();
});
