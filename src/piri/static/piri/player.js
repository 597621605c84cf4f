// The session player page: plays a SessionPlan (docs/plan-format.md) and records what happened.
//
// What happens when is decided by the session machine (session-machine.js), a pure function
// from (state, event) to (state, effects). This file only wires the page to it: clicks, keys
// and timers become events (with performance.now() and Date.now() on each), and the effects
// it returns are carried out with the page's modules: player-view.js draws, voice.js speaks and
// beeps, progress-store.js keeps the session in progress on the phone, outbox.js sends the
// report (IndexedDB first, then the network). See docs/player.md.

import { now, wakeAt } from './clock.js';
import { countBeep, hush, keepAwake, letSleep, speak, stepBeep, unlockAudio } from './voice.js';
import { queueReport, startOutbox, submitReport, waitingReports } from './outbox.js';
import { DEFAULT_PAIN_STOP_ABOVE } from './checks.js';
import { clearProgress, loadProgress, offerFor, saveProgress } from './progress-store.js';
import { initialState, step } from './session-machine.js';
import { createView } from './player-view.js';

const root = document.getElementById('player');
const plan = JSON.parse(document.getElementById('piri-plan').textContent);
const L = { ...document.getElementById('piri-labels').dataset };
const $ = (id) => document.getElementById(id);
const OWNER = root.dataset.owner || '';
// Pain above this at an exercise's check stops the exercise (the policy's red threshold).
const painStopAbove = Number.parseFloat(root.dataset.painStopAbove);

let state = initialState(plan, {
  planId: root.dataset.planId,
  labels: L,
  painStopAbove: Number.isFinite(painStopAbove) ? painStopAbove : DEFAULT_PAIN_STOP_ABOVE,
});
const view = createView(root, plan, L);
let cancelWake = null;

/** Hand an event to the machine, stamped with the time, and carry out what it says. */
function dispatch(event) {
  const result = step(state, { now: now(), wall: Date.now(), ...event });
  state = result.state;
  if (state.clientId) root.dataset.clientId = state.clientId;
  for (const effect of result.effects) perform(effect);
}

function setTimer(at) {
  if (cancelWake) cancelWake();
  cancelWake = null;
  if (at === null) return;
  cancelWake = wakeAt(at, () => {
    cancelWake = null;
    dispatch({ type: 'tick' });
  });
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // plain-http pages have no randomUUID
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Queue the report, then forget the session in progress (the outbox has it now), then send. */
async function queueAndSend(body) {
  let queued = false;
  try {
    await queueReport(body, root.dataset.apiUrl);
    queued = true;
  } catch {
    queued = false; // keep the progress record: it is the only copy
  }
  if (queued) clearProgress(OWNER);
  try {
    return await submitReport(body, root.dataset.apiUrl);
  } catch {
    return 'retry';
  }
}

/** Tell listeners a step began, and when by its clock (not when this code ran). */
function announceStep(index, at) {
  const { id, kind } = plan.steps[index];
  root.dataset.stepId = id;
  root.dataset.stepKind = kind;
  document.dispatchEvent(new CustomEvent('piri:step', { detail: { index, id, kind, at } }));
}

const EFFECTS = {
  step: (e) => announceStep(e.index, e.at),
  render: (e) => view.render(e),
  figure: (e) => view.figure(e),
  countdown: (e) => view.countdown(e.seconds),
  paused: (e) => view.paused(e.paused),
  notice: (e) => view.notice(e.text),
  announce: (e) => view.announce(e.text),
  speak: (e) => speak(e.text),
  hush: () => hush(),
  beep: (e) => (e.kind === 'count' ? countBeep() : stepBeep()),
  timer: (e) => setTimer(e.at),
  audio: () => unlockAudio(),
  awake: (e) => (e.on ? keepAwake() : letSleep()),
  progress: (e) => saveProgress(OWNER, e.record),
  forget: () => clearProgress(OWNER),
  save: (e) => queueAndSend(e.report).then((outcome) => dispatch({ type: 'saved', outcome })),
  'save-state': (e) => view.saveState(e.outcome),
  incomplete: (e) => view.incomplete(e.form),
  'worse-dialog': (e) => {
    if (!e.open) {
      view.closeWorse();
      return;
    }
    view.openWorse(e.side);
    document.dispatchEvent(new CustomEvent('piri:worse', { detail: { check: plan.steps[e.check].id } }));
  },
  'end-dialog': () => view.openEnd(),
  offer: (e) => view.showOffer(e, root.dataset.planId),
  'offer-hide': () => view.hideOffer(),
  'offer-close': (e) => view.closeOffer(e),
};

function perform(effect) {
  const run = EFFECTS[effect.type];
  if (!run) throw new Error(`player: no way to carry out ${effect.type}`);
  run(effect);
}

// ---------------------------------------------------------------- wiring

function isTyping(target) {
  return target instanceof HTMLElement && target.matches('input, textarea, select, [contenteditable]');
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
  if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
  if (state.screen !== 'step' && state.screen !== 'check') return;
  const onButton = event.target instanceof Element && event.target.closest('button, a, [role=button]');
  const inAnswers = event.target.closest?.('.answer-group');
  if (event.key === ' ' && !onButton) {
    event.preventDefault();
    dispatch({ type: 'toggle-pause' });
  } else if (event.key === 'ArrowRight' && !inAnswers) {
    event.preventDefault();
    dispatch({ type: 'skip' });
  } else if (event.key === 'ArrowLeft' && !inAnswers) {
    event.preventDefault();
    dispatch({ type: 'back' });
  }
});

const on = (id, type, fn) => $(id).addEventListener(type, fn);
const sends = (id, type, extra = () => ({})) => on(id, 'click', () => dispatch({ type, ...extra() }));

sends('start-button', 'start', () => ({ clientId: uuid() }));
sends('pause-button', 'toggle-pause');
sends('skip-button', 'skip');
sends('back-button', 'back');
sends('ready-button', 'ready');
sends('step-howto', 'pause'); // the how-to page opens in a new tab: the timer waits
sends('step-video', 'pause'); // so does the clinic's video
sends('check-next', 'answer', view.readCheck);
sends('end-button', 'end');
sends('worse-button', 'worse');
sends('worse-done', 'worse-answer', view.readWorse);
sends('resume-carry-on', 'carry-on');
sends('resume-save', 'save-stored');
sends('resume-restart', 'start-again', () => ({ clientId: uuid() }));
sends('resume-discard', 'discard');
on('finish-form', 'submit', (event) => {
  event.preventDefault();
  dispatch({ type: 'finish', ...view.readFinish() });
});
on('end-cancel', 'click', () => $('end-dialog').close('cancel'));
on('end-confirm', 'click', () => $('end-dialog').close('confirm'));
on('end-dialog', 'close', () => dispatch({ type: 'end-close', confirm: $('end-dialog').returnValue === 'confirm' }));
on('worse-cancel', 'click', () => $('worse-dialog').close('cancel'));
on('worse-dialog', 'close', () => dispatch({ type: 'worse-close' }));

// Keep the session in progress on the phone when the page is hidden or left.
window.addEventListener('pagehide', () => dispatch({ type: 'leave' }));
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') dispatch({ type: 'leave' });
});

view.show('start');
const stored = loadProgress(OWNER);
if (stored) dispatch({ type: 'found', record: stored, offer: offerFor(stored, root.dataset.planId) });
root.dataset.ready = 'true';

// Reports left from earlier sessions (offline, closed tab) go now, and when the network is back.
function showWaiting() {
  waitingReports()
    .then((list) => view.showWaiting(list.length))
    .catch(() => {});
}

startOutbox((outcomes) => {
  if (state.clientId && outcomes.has(state.clientId)) view.saveState(outcomes.get(state.clientId));
  else showWaiting();
});
