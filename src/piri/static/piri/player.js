// The session player: plays a SessionPlan (docs/plan-format.md) and records what happened.
//
// Time: each step has a StepClock anchored on performance.now(); timers only wake the player,
// which then works out from the deadline what is due (cues, beeps, the end of the step).
// Recording: one result per step (done / skipped / stopped / not_reached, seconds excluding
// pauses) and one answer per symptom check; the report matches SessionIn (src/piri/api/schemas.py)
// and goes through the outbox (IndexedDB first, then the network). See docs/player.md.

import { StepClock, now, shownSeconds, wakeAt } from './clock.js';
import { countBeep, hush, keepAwake, letSleep, speak, stepBeep, unlockAudio } from './voice.js';
import { startOutbox, submitReport, waitingReports } from './outbox.js';

const root = document.getElementById('player');
const plan = JSON.parse(document.getElementById('piri-plan').textContent);
const L = document.getElementById('piri-labels').dataset;
const steps = plan.steps;
const $ = (id) => document.getElementById(id);

const TIMED = new Set(['instruction', 'get_ready', 'hold', 'relax', 'rest', 'switch_sides', 'massage']);
const LAST_SECONDS_BEEP = new Set(['hold']); // beep at 3, 2, 1 seconds left
const EXTENTS = plan.extents || ['none', 'buttock', 'thigh', 'below_knee', 'foot'];
// Woken later than this after a deadline (phone asleep, tab frozen): start the next step now
// instead of at the old deadline, so the person is not rushed through steps they missed.
const CATCH_UP_LIMIT_MS = 1000;
// A cue found more than this late is not said (a newer one is coming); opening cues always are.
const STALE_CUE_MS = 2000;

const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

const state = {
  screen: 'start',
  index: -1,
  clock: null,
  cancelWake: null,
  nextCue: 0,
  nextBeep: 3,
  results: steps.map(() => ({ status: null, seconds: 0 })),
  answers: new Map(), // check step id -> answer
  stoppedBy: new Map(), // check step id -> indexes it stopped
  visited: [], // indexes, for "back"
  baseline: null, // extent rank of the first answered check
  notice: '',
  endedEarly: false,
  clientId: null,
  startedAt: null,
};

// ---------------------------------------------------------------- helpers

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // plain-http pages have no randomUUID
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO 8601 with the phone's own UTC offset, e.g. 2025-03-01T09:30:00.000+00:00. */
export function isoLocal(date) {
  const pad = (n, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

const rank = (extent) => EXTENTS.indexOf(extent);
const round2 = (ms) => Math.round(ms / 10) / 100;
const current = () => steps[state.index];

function setLabel(step) {
  if (!step.set_index || !step.set_count) return '';
  const label = step.kind === 'massage' ? L.partOf || L.setOf : step.phase === 'stretch' ? L.roundOf : L.setOf;
  return fmt(label, { n: step.set_index, total: step.set_count });
}

function sideLabel(step) {
  return step.side === 'left' ? L.sideLeft : step.side === 'right' ? L.sideRight : '';
}

function show(screen) {
  state.screen = screen;
  window.scrollTo(0, 0);
  for (const name of ['start', 'step', 'check', 'finish', 'done']) $(`screen-${name}`).hidden = name !== screen;
  $('controls').hidden = !(screen === 'step' || screen === 'check');
  $('pause-button').hidden = screen !== 'step';
  if (screen !== 'step') $('ready-button').hidden = true;
  document.body.classList.toggle('is-playing', screen === 'step' || screen === 'check' || screen === 'finish');
  root.dataset.screen = screen;
}

function announce(text) {
  const box = $('announcer');
  box.textContent = '';
  // a fresh text node makes screen readers read it even when it repeats
  setTimeout(() => {
    box.textContent = text;
  }, 50);
}

function focusHeading(screen) {
  const active = document.activeElement;
  if (active && active !== document.body && active.offsetParent !== null && !active.closest('[hidden]')) return;
  const heading = $(`screen-${screen}`).querySelector('h1');
  if (heading) heading.focus({ preventScroll: false });
}

// ---------------------------------------------------------------- choice buttons

function choose(group, button) {
  for (const b of group.querySelectorAll('.choice-button')) b.setAttribute('aria-pressed', String(b === button));
}

function chosen(group) {
  if (!group || group.hidden) return undefined;
  const b = group.querySelector('.choice-button[aria-pressed=true]');
  return b ? b.dataset.value : undefined;
}

function resetChoices(group) {
  for (const b of group.querySelectorAll('.choice-button')) b.setAttribute('aria-pressed', 'false');
}

function buildPainScales() {
  const template = $('pain-button-template');
  for (const scale of document.querySelectorAll('.pain-scale')) {
    for (let n = 0; n <= 10; n += 1) {
      const button = template.content.firstElementChild.cloneNode(true);
      button.dataset.value = String(n);
      button.textContent = String(n);
      scale.append(button);
    }
  }
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('.choice-button');
  if (!button) return;
  const group = button.closest('.answer-group');
  if (group) {
    choose(group, button);
    group.closest('.screen').querySelector('.error').hidden = true;
  }
});

// ---------------------------------------------------------------- playing

function stopWaking() {
  if (state.cancelWake) state.cancelWake();
  state.cancelWake = null;
}

/** Enter step `index`, whose clock starts at `startAt` (a performance.now() time). */
function enter(index, startAt = now()) {
  stopWaking();
  state.index = index;
  const step = current();
  state.results[index] = { status: null, seconds: 0 };
  state.clock = new StepClock(step.duration_s * 1000, startAt);
  state.nextCue = 0;
  state.nextBeep = 3;
  root.dataset.stepId = step.id;
  root.dataset.stepKind = step.kind;
  document.dispatchEvent(new CustomEvent('piri:step', { detail: { index, id: step.id, kind: step.kind, at: now() } }));

  const count = fmt(L.stepOf, { n: index + 1, total: steps.length });
  if (step.kind === 'check') renderCheck(step, count);
  else if (step.kind === 'finish') renderFinish(step);
  else renderStep(step, count);

  const parts = [step.title, sideLabel(step), setLabel(step)];
  if (TIMED.has(step.kind)) parts.push(fmt(L.seconds, { n: Math.round(step.duration_s) }));
  announce(parts.filter(Boolean).join('. '));
  stepBeep();
  tick();
}

function renderStep(step, count) {
  show('step');
  $('step-phase').textContent = L[`phase${step.phase[0].toUpperCase()}${step.phase.slice(1)}`] || '';
  $('step-count').textContent = count;
  $('step-progress').value = steps.length > 1 ? state.index / (steps.length - 1) : 1;
  $('step-title').textContent = step.title;
  const side = sideLabel(step);
  $('step-side').textContent = side;
  $('step-side').hidden = !side;
  const set = setLabel(step);
  $('step-set').textContent = set;
  $('step-set').hidden = !set;
  $('step-text').textContent = step.text;
  $('step-feel').textContent = step.feel;
  $('step-feel-wrap').hidden = !step.feel;
  $('ready-button').hidden = step.kind !== 'instruction';
  window.scrollTo(0, 0);
  $('branch-notice').textContent = state.notice;
  $('branch-notice').hidden = !state.notice;
  state.notice = '';
  root.dataset.kind = step.kind;
  setPaused(false);
  $('countdown').textContent = String(shownSeconds(step.duration_s * 1000));
  focusHeading('step');
}

function renderCheck(step, count) {
  show('check');
  $('check-count').textContent = count;
  $('check-title').textContent = step.title;
  $('check-text').textContent = step.text;
  for (const id of ['check-change', 'check-extent', 'check-pain']) resetChoices($(id));
  for (const b of $('check-extent').querySelectorAll('.choice-button')) b.hidden = !EXTENTS.includes(b.dataset.value);
  $('check-pain').hidden = !step.ask_pain;
  $('check-error').hidden = true;
  // answering again after "back": forget the earlier answer and what it stopped
  state.answers.delete(step.id);
  for (const j of state.stoppedBy.get(step.id) || []) state.results[j] = { status: null, seconds: 0 };
  state.stoppedBy.delete(step.id);
  focusHeading('check');
}

function renderFinish(step) {
  show('finish');
  $('finish-title').textContent = step.title || $('finish-title').textContent;
  $('finish-text').textContent = step.text;
  focusHeading('finish');
}

/** Wake-up: say due cues, beep, redraw the countdown, end the step at its deadline. */
function tick() {
  state.cancelWake = null;
  const step = current();
  const clock = state.clock;
  if (!step || clock.paused) return;
  const t = now();
  const elapsed = clock.elapsed(t);

  const cues = step.cues || [];
  while (state.nextCue < cues.length && cues[state.nextCue].at_s * 1000 <= elapsed) {
    const cue = cues[state.nextCue];
    const late = elapsed - cue.at_s * 1000;
    if (cue.at_s === 0 || late < STALE_CUE_MS) speak(cue.text);
    state.nextCue += 1;
  }
  if (!TIMED.has(step.kind)) return; // checks and the finish wait for an answer

  const remaining = clock.remaining(t);
  if (LAST_SECONDS_BEEP.has(step.kind)) {
    while (state.nextBeep >= 1 && remaining <= state.nextBeep * 1000) {
      if (state.nextBeep * 1000 - remaining < 500) countBeep();
      state.nextBeep -= 1;
    }
  }
  $('countdown').textContent = String(shownSeconds(remaining));

  if (remaining <= 0) {
    const deadline = clock.deadline;
    const startNext = t - deadline < CATCH_UP_LIMIT_MS ? deadline : t;
    finishStep('done', step.duration_s * 1000);
    goTo(nextIndex(state.index), startNext);
    return;
  }

  // Sleep until the next thing to do: a cue, a beep, the countdown changing, the deadline.
  const wakeTimes = [clock.deadline, t + (remaining % 1000 || 1000)];
  if (state.nextCue < cues.length) wakeTimes.push(clock.timeOf(cues[state.nextCue].at_s * 1000));
  if (LAST_SECONDS_BEEP.has(step.kind) && state.nextBeep >= 1) {
    wakeTimes.push(clock.timeOf(clock.duration - state.nextBeep * 1000));
  }
  state.cancelWake = wakeAt(Math.min(...wakeTimes), tick);
}

function finishStep(status, secondsMs) {
  const ms = secondsMs ?? state.clock.elapsed();
  state.results[state.index] = { status, seconds: round2(ms) };
}

function nextIndex(from) {
  for (let j = from + 1; j < steps.length; j += 1) if (state.results[j].status !== 'stopped') return j;
  return -1;
}

function goTo(index, startAt) {
  if (index >= 0) state.visited.push(state.index);
  if (index < 0) {
    saveAndFinish(); // a plan without a finish step
    return;
  }
  enter(index, startAt);
}

function skip({ asDone = false } = {}) {
  if (state.screen !== 'step' && state.screen !== 'check') return;
  hush();
  stopWaking();
  const step = current();
  if (step.kind === 'check') state.answers.delete(step.id);
  finishStep(asDone ? 'done' : 'skipped');
  goTo(nextIndex(state.index), now());
}

function back() {
  if (state.screen !== 'step' && state.screen !== 'check') return;
  hush();
  stopWaking();
  state.results[state.index] = { status: null, seconds: 0 };
  const previous = state.visited.pop();
  enter(previous ?? state.index, now());
}

function setPaused(paused) {
  $('pause-button').textContent = paused ? L.resume : L.pause;
  $('pause-button').setAttribute('aria-pressed', String(paused));
  $('paused-flag').hidden = !paused;
  root.classList.toggle('is-paused', paused);
}

function togglePause() {
  if (state.screen !== 'step') return;
  const clock = state.clock;
  if (clock.paused) {
    clock.resume();
    setPaused(false);
    announce(L.resume);
    tick();
  } else {
    clock.pause();
    stopWaking();
    hush();
    setPaused(true);
    announce(L.paused);
  }
}

// ---------------------------------------------------------------- checks

function answerCheck() {
  const step = current();
  const change = chosen($('check-change'));
  const extent = chosen($('check-extent'));
  const pain = chosen($('check-pain'));
  if (!change || !extent || (step.ask_pain && pain === undefined)) {
    $('check-error').textContent = L.answerFirst;
    $('check-error').hidden = false;
    return;
  }
  stopWaking();
  const answer = {
    step_id: step.id,
    change,
    extent,
    pain: step.ask_pain ? Number(pain) : null,
    action: null,
    answered_at: isoLocal(new Date()),
  };
  let branch = null;
  if (state.baseline === null) {
    state.baseline = rank(extent);
  }
  const spread = rank(extent) > state.baseline;
  if (spread && step.on_spread) branch = step.on_spread;
  else if ((change === 'more' || spread) && step.on_worse) branch = step.on_worse;

  if (branch) {
    answer.action = branch.action;
    hush();
    speak(branch.cue);
    state.notice = branch.cue;
    if (branch.stop) {
      const stopped = [];
      for (let j = state.index + 1; j < steps.length; j += 1) {
        if (steps[j].block === step.block && steps[j].kind !== 'finish') {
          state.results[j] = { status: 'stopped', seconds: 0 };
          stopped.push(j);
        }
      }
      state.stoppedBy.set(step.id, stopped);
    }
  }
  state.answers.set(step.id, answer);
  finishStep('done');
  goTo(nextIndex(state.index), now());
}

// ---------------------------------------------------------------- start, end, save

function start() {
  unlockAudio();
  keepAwake();
  state.clientId = uuid();
  state.startedAt = new Date();
  root.dataset.clientId = state.clientId;
  enter(0, now());
}

function endEarly() {
  hush();
  stopWaking();
  const step = current();
  const spent = state.clock ? state.clock.elapsed() : 0;
  state.results[state.index] = { status: spent > 0 ? 'skipped' : 'not_reached', seconds: round2(spent) };
  if (step.kind === 'check') state.answers.delete(step.id);
  state.endedEarly = true;
  const finish = steps.findIndex((s) => s.kind === 'finish');
  if (finish > state.index) enter(finish, now());
  else saveAndFinish();
}

function report() {
  const answers = steps.filter((s) => state.answers.has(s.id)).map((s) => state.answers.get(s.id));
  return {
    client_id: state.clientId,
    plan_id: root.dataset.planId,
    started_at: isoLocal(state.startedAt),
    ended_at: isoLocal(new Date()),
    completed: !state.endedEarly,
    steps: steps.map((s, i) => ({
      step_id: s.id,
      status: state.results[i].status ?? 'not_reached',
      seconds: state.results[i].seconds,
    })),
    checks: answers.sort((a, b) => a.answered_at.localeCompare(b.answered_at)),
    end_pain: state.endPain ?? null,
    helped_most: state.helpedMost || null,
  };
}

function showSaveState(outcome) {
  const text = {
    saving: L.saving,
    sent: L.saved,
    offline: L.offline,
    retry: L.retry,
    signed_out: L.signedOut,
    rejected: L.rejected,
  }[outcome];
  const box = $('save-state');
  box.textContent = text || '';
  box.dataset.state = outcome;
  root.dataset.saveState = outcome;
}

async function saveAndFinish() {
  if (state.saving) return;
  if (state.screen === 'finish') {
    const pain = chosen($('finish-pain'));
    if (pain === undefined) {
      $('finish-error').textContent = L.answerFirst;
      $('finish-error').hidden = false;
      return;
    }
    state.endPain = Number(pain);
    state.helpedMost = chosen($('finish-helped')) || null;
    finishStep('done');
  }
  state.saving = true;
  stopWaking();
  hush();
  letSleep();
  const body = report();
  show('done');
  showSaveState('saving');
  focusHeading('done');
  const outcome = await submitReport(body, root.dataset.apiUrl);
  showSaveState(outcome);
}

// ---------------------------------------------------------------- wiring

function isTyping(target) {
  return target instanceof HTMLElement && target.matches('input, textarea, select, [contenteditable]');
}

document.addEventListener('keydown', (event) => {
  if ($('end-dialog').open || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
  if (state.screen !== 'step' && state.screen !== 'check') return;
  const onButton = event.target instanceof HTMLElement && event.target.closest('button, a');
  if (event.key === ' ' && !onButton) {
    event.preventDefault();
    togglePause();
  } else if (event.key === 'ArrowRight' && !event.target.closest?.('.answer-group')) {
    event.preventDefault();
    skip();
  } else if (event.key === 'ArrowLeft' && !event.target.closest?.('.answer-group')) {
    event.preventDefault();
    back();
  }
});

$('start-button').addEventListener('click', start);
$('pause-button').addEventListener('click', togglePause);
$('skip-button').addEventListener('click', () => skip());
$('back-button').addEventListener('click', back);
$('ready-button').addEventListener('click', () => skip({ asDone: true }));
$('check-next').addEventListener('click', answerCheck);
$('finish-form').addEventListener('submit', (event) => {
  event.preventDefault();
  saveAndFinish();
});
$('end-button').addEventListener('click', () => {
  state.pausedForDialog = state.screen === 'step' && !state.clock.paused;
  if (state.pausedForDialog) togglePause();
  $('end-dialog').returnValue = '';
  $('end-dialog').showModal();
});
$('end-cancel').addEventListener('click', () => $('end-dialog').close('cancel'));
$('end-confirm').addEventListener('click', () => $('end-dialog').close('confirm'));
$('end-dialog').addEventListener('close', () => {
  if ($('end-dialog').returnValue === 'confirm') endEarly();
  else if (state.pausedForDialog && state.clock.paused) togglePause();
  state.pausedForDialog = false;
});

buildPainScales();
show('start');
root.dataset.ready = 'true';

// Reports left from earlier sessions (offline, closed tab) go now, and when the network is back.
function showWaiting() {
  waitingReports()
    .then((list) => {
      const box = $('waiting-state');
      box.textContent = list.length ? L.waiting : '';
      box.hidden = !list.length;
    })
    .catch(() => {});
}

startOutbox((outcomes) => {
  if (state.clientId && outcomes.has(state.clientId)) showSaveState(outcomes.get(state.clientId));
  else showWaiting();
});
