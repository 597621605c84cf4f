// The session player: plays a SessionPlan (docs/plan-format.md) and records what happened.
//
// Time: each step has a StepClock anchored on performance.now(); timers only wake the player,
// which then works out from the deadline what is due (cues, beeps, the end of the step).
// Recording: one result per step (done / skipped / stopped / not_reached, seconds excluding
// pauses) and one answer per symptom check (more for a check answered through "Tingling
// worse?"); the report matches SessionIn (src/piri/api/schemas.py) and goes through the outbox
// (IndexedDB first, then the network). The session in progress is kept on the phone at every
// step change (progress-store.js), so a reload never loses it. See docs/player.md.

import { StepClock, now, shownSeconds, wakeAt } from './clock.js';
import { countBeep, hush, keepAwake, letSleep, speak, stepBeep, unlockAudio } from './voice.js';
import { queueReport, startOutbox, submitReport, waitingReports } from './outbox.js';
import { wireBodyMap } from './bodymap.js';
import { DEFAULT_EXTENTS, DEFAULT_PAIN_STOP_ABOVE, checkFor, judge, restOfBlock } from './checks.js';
import { clearProgress, loadProgress, offerFor, saveProgress } from './progress-store.js';

const root = document.getElementById('player');
const plan = JSON.parse(document.getElementById('piri-plan').textContent);
const L = document.getElementById('piri-labels').dataset;
const steps = plan.steps;
const $ = (id) => document.getElementById(id);

const TIMED = new Set(['instruction', 'get_ready', 'hold', 'relax', 'rest', 'switch_sides', 'massage']);
const LAST_SECONDS_BEEP = new Set(['hold']); // beep at 3, 2, 1 seconds left
const EXTENTS = plan.extents || DEFAULT_EXTENTS;
// Pain above this at an exercise's check stops the exercise (the policy's red threshold).
const PAIN_STOP_ABOVE = Number.isFinite(Number.parseFloat(root.dataset.painStopAbove))
  ? Number.parseFloat(root.dataset.painStopAbove)
  : DEFAULT_PAIN_STOP_ABOVE;
const OWNER = root.dataset.owner || '';
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
  answers: [], // every answer given, in order; `planned` marks the answer to a check step itself
  stoppedBy: new Map(), // check step id -> indexes its answer stopped
  stoppedBlocks: new Set(), // blocks stopped through "Tingling worse?" (back never returns there)
  visited: [], // indexes, for "back"
  baseline: null, // extent rank of the first answered check
  notice: '', // a branch cue or the pain notice, shown on the next screen
  endedEarly: false,
  clientId: null,
  startedAt: null,
  worse: null, // the open "Tingling worse?" dialog: {checkIndex, resume}
  pending: null, // an unfinished session found on the phone
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
  if (screen !== 'step') {
    $('ready-button').hidden = true;
    $('worse-button').hidden = true;
  }
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

/** Show the pending notice (a branch cue, the pain notice) in `box`, once. */
function showNotice(box) {
  box.textContent = state.notice;
  box.hidden = !state.notice;
  state.notice = '';
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

function hideError(inside) {
  const error = inside && inside.closest('.screen, dialog')?.querySelector('.error');
  if (error) error.hidden = true;
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('.choice-button');
  if (!button || button.closest('[data-bodymap]')) return; // the body picture keeps its own state
  const group = button.closest('.answer-group');
  if (group) {
    choose(group, button);
    hideError(group);
  }
});

const checkMap = wireBodyMap($('check-map'), () => hideError($('check-extent')));
const worseMap = wireBodyMap($('worse-map'), () => hideError($('worse-extent')));
checkMap.allow(EXTENTS);
worseMap.allow(EXTENTS);

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
  persist();

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
  $('worse-button').hidden = checkFor(steps, state.index) < 0;
  window.scrollTo(0, 0);
  showNotice($('branch-notice'));
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
  for (const id of ['check-change', 'check-pain']) resetChoices($(id));
  checkMap.reset();
  checkMap.highlight(step.side);
  $('check-pain').hidden = !step.ask_pain;
  $('check-error').hidden = true;
  showNotice($('check-notice'));
  // answering again after "back": forget the earlier answer and what it stopped
  state.answers = state.answers.filter((a) => !(a.planned && a.step_id === step.id));
  for (const j of state.stoppedBy.get(step.id) || []) state.results[j] = { status: null, seconds: 0 };
  state.stoppedBy.delete(step.id);
  focusHeading('check');
}

function renderFinish(step) {
  show('finish');
  $('finish-title').textContent = step.title || $('finish-title').textContent;
  $('finish-text').textContent = step.text;
  showNotice($('finish-notice'));
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
  if (step.kind === 'check') state.answers = state.answers.filter((a) => !(a.planned && a.step_id === step.id));
  finishStep(asDone ? 'done' : 'skipped');
  goTo(nextIndex(state.index), now());
}

function back() {
  if (state.screen !== 'step' && state.screen !== 'check') return;
  hush();
  stopWaking();
  state.results[state.index] = { status: null, seconds: 0 };
  let previous = state.visited.pop();
  // an exercise stopped through "Tingling worse?" is not gone back into
  while (previous !== undefined && state.stoppedBlocks.has(steps[previous].block)) previous = state.visited.pop();
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
  persist();
}

// ---------------------------------------------------------------- checks

/** Say the cue(s) at once; they are shown on the next screen (or now, in `box`). */
function sayAndShow(texts, box = null) {
  if (!texts.length) return;
  hush();
  for (const text of texts) speak(text);
  state.notice = texts.join(' ');
  if (box) showNotice(box);
}

/** The name of a step's exercise or massage, e.g. "Clamshell hold" (from `helped_options`). */
function itemName(step) {
  const option = (plan.helped_options || []).find((o) => o.id === step.item);
  return option ? option.name : L.thisExercise;
}

/** Mark the rest of the block of step `from` as stopped; returns the indexes. */
function stopRestOfBlock(from) {
  const stopped = restOfBlock(steps, from, steps[from].block);
  for (const j of stopped) state.results[j] = { status: 'stopped', seconds: 0 };
  return stopped;
}

function answerCheck() {
  const step = current();
  const change = chosen($('check-change'));
  const extent = checkMap.value;
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
    planned: true,
  };
  const verdict = judge(step, answer, { baseline: state.baseline, extents: EXTENTS, painStopAbove: PAIN_STOP_ABOVE });
  state.baseline = verdict.baseline;
  const said = [];
  if (verdict.branch) {
    answer.action = verdict.branch.action;
    said.push(verdict.branch.cue);
  }
  if (verdict.painStop) said.push(fmt(L.painStop, { n: PAIN_STOP_ABOVE, name: itemName(step) }));
  sayAndShow(said);
  if (verdict.branch?.stop || verdict.painStop) state.stoppedBy.set(step.id, stopRestOfBlock(state.index));
  state.answers.push(answer);
  finishStep('done');
  goTo(nextIndex(state.index), now());
}

// "Tingling worse?": the quick check at any moment of a block that has a check.

function openWorse() {
  if (state.screen !== 'step' || $('worse-dialog').open) return;
  const checkIndex = checkFor(steps, state.index);
  if (checkIndex < 0) return;
  const resume = !state.clock.paused;
  if (resume) togglePause();
  state.worse = { checkIndex, resume };
  resetChoices($('worse-change'));
  worseMap.reset();
  worseMap.highlight(current().side ?? steps[checkIndex].side);
  $('worse-error').hidden = true;
  $('worse-dialog').showModal();
  document.dispatchEvent(new CustomEvent('piri:worse', { detail: { check: steps[checkIndex].id } }));
}

function answerWorse() {
  const change = chosen($('worse-change'));
  const extent = worseMap.value;
  if (!change || !extent) {
    $('worse-error').textContent = L.answerFirst;
    $('worse-error').hidden = false;
    return;
  }
  const worse = state.worse;
  state.worse = null; // answered: closing the dialog does not resume by itself
  $('worse-dialog').close('answer');
  if (!worse || state.screen !== 'step') return;

  const check = steps[worse.checkIndex];
  const answer = {
    step_id: check.id,
    change,
    extent,
    pain: null,
    action: null,
    answered_at: isoLocal(new Date()),
    planned: false,
  };
  const verdict = judge(check, answer, { baseline: state.baseline, extents: EXTENTS, painStopAbove: PAIN_STOP_ABOVE });
  state.baseline = verdict.baseline;
  if (verdict.branch) answer.action = verdict.branch.action;
  state.answers.push(answer);
  const said = verdict.branch ? [verdict.branch.cue] : [];

  if (verdict.branch?.stop) {
    // Stop the exercise now: this step (for the time it ran) and the rest of its block.
    stopWaking();
    const step = current();
    state.results[state.index] = { status: 'stopped', seconds: round2(state.clock.elapsed()) };
    stopRestOfBlock(state.index);
    state.stoppedBlocks.add(step.block);
    sayAndShow(said);
    goTo(nextIndex(state.index), now());
    return;
  }
  sayAndShow(said, $('branch-notice'));
  if (worse.resume && state.clock.paused) togglePause();
  else persist();
}

function closeWorse() {
  const worse = state.worse;
  state.worse = null;
  if (worse && worse.resume && state.screen === 'step' && state.clock.paused) togglePause();
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
  if (step.kind === 'check') state.answers = state.answers.filter((a) => !(a.planned && a.step_id === step.id));
  state.endedEarly = true;
  const finish = steps.findIndex((s) => s.kind === 'finish');
  if (finish > state.index) enter(finish, now());
  else saveAndFinish();
}

/** The answers as SessionIn wants them, in the order they were given. */
function cleanAnswers(answers) {
  return [...answers]
    .sort((a, b) => a.answered_at.localeCompare(b.answered_at))
    .map(({ step_id, change, extent, pain, action, answered_at }) => ({ step_id, change, extent, pain, action, answered_at }));
}

function report() {
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
    checks: cleanAnswers(state.answers),
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
  showSaveState(await queueAndSend(body));
}

// ---------------------------------------------------------------- never lose a session

function progressRecord() {
  return {
    plan_id: root.dataset.planId,
    client_id: state.clientId,
    started_at: isoLocal(state.startedAt),
    started_ms: state.startedAt.getTime(),
    updated_at: isoLocal(new Date()),
    step_ids: steps.map((s) => s.id),
    index: state.index,
    current_ms: state.clock ? state.clock.elapsed() : 0,
    results: state.results,
    answers: state.answers,
    baseline: state.baseline,
    visited: state.visited,
    stopped_by: Object.fromEntries(state.stoppedBy),
    stopped_blocks: [...state.stoppedBlocks],
    ended_early: state.endedEarly,
  };
}

/** Keep the session in progress on the phone (every step change, pause, leaving the page). */
function persist() {
  if (!state.clientId || state.saving || state.index < 0) return;
  if (!['step', 'check', 'finish'].includes(state.screen)) return;
  saveProgress(OWNER, progressRecord());
}

window.addEventListener('pagehide', persist);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') persist();
});

/** What was done in a stored session, as a report with completed=false (ended at its last save). */
function reportFromRecord(record) {
  const results = record.results.map((r) => ({ ...r }));
  const i = record.index;
  if (results[i] && results[i].status === null) {
    const spent = Number(record.current_ms) || 0;
    results[i] = { status: spent > 0 ? 'skipped' : 'not_reached', seconds: round2(spent) };
  }
  return {
    client_id: record.client_id,
    plan_id: record.plan_id,
    started_at: record.started_at,
    ended_at: record.updated_at,
    completed: false,
    steps: record.step_ids.map((id, k) => ({
      step_id: id,
      status: results[k]?.status ?? 'not_reached',
      seconds: results[k]?.seconds ?? 0,
    })),
    checks: cleanAnswers(record.answers || []),
    end_pain: null,
    helped_most: null,
  };
}

function sameSteps(record) {
  return record.step_ids.length === steps.length && record.step_ids.every((id, k) => id === steps[k].id);
}

function showOffer(record) {
  let offer = offerFor(record, root.dataset.planId);
  if (offer === 'carry_on' && !sameSteps(record)) offer = 'save_only';
  state.pending = { record, offer };
  const started = new Date(Number(record.started_ms));
  const time = started.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const date = started.toLocaleDateString([], { day: 'numeric', month: 'long' });
  let text;
  if (offer === 'carry_on') text = fmt(L.resumeSame, { time, n: record.index + 1, total: steps.length });
  else if (record.plan_id !== root.dataset.planId) text = fmt(L.resumeOther, { time, date });
  else text = fmt(L.resumeOld, { time, date });
  $('resume-text').textContent = text;
  $('resume-carry-on').hidden = offer !== 'carry_on';
  $('resume-restart').hidden = offer !== 'carry_on';
  $('resume-discard').hidden = offer === 'carry_on';
  $('resume-offer').hidden = false;
  $('start-button').hidden = true;
  root.dataset.offer = offer;
}

function closeOffer(message = '') {
  state.pending = null;
  $('resume-offer').hidden = true;
  $('start-button').hidden = false;
  $('resume-result').textContent = message;
  $('resume-result').hidden = !message;
  delete root.dataset.offer;
}

function carryOn() {
  const { record } = state.pending;
  closeOffer();
  unlockAudio();
  keepAwake();
  state.clientId = record.client_id;
  state.startedAt = new Date(Number(record.started_ms));
  state.results = steps.map((_, k) => ({ ...(record.results[k] || { status: null, seconds: 0 }) }));
  state.answers = record.answers || [];
  state.baseline = record.baseline ?? null;
  state.visited = record.visited || [];
  state.stoppedBy = new Map(Object.entries(record.stopped_by || {}));
  state.stoppedBlocks = new Set(record.stopped_blocks || []);
  state.endedEarly = Boolean(record.ended_early);
  root.dataset.clientId = state.clientId;
  const index = Math.min(Math.max(0, record.index), steps.length - 1);
  enter(index, now()); // the step starts again from its beginning
}

async function saveWhatWasDone() {
  const { record, offer } = state.pending;
  const body = reportFromRecord(record);
  $('resume-offer').hidden = true;
  if (offer === 'carry_on') {
    // "Save what I did and stop": this session is over
    state.clientId = record.client_id;
    state.saving = true;
    root.dataset.clientId = state.clientId;
    state.pending = null;
    show('done');
    showSaveState('saving');
    focusHeading('done');
    showSaveState(await queueAndSend(body));
    return;
  }
  const outcome = await queueAndSend(body);
  closeOffer(outcome === 'sent' ? L.resumeSaved : outcome === 'rejected' ? L.rejected : L.resumeWaiting);
  root.dataset.saveState = outcome;
  $('start-button').focus();
}

function startAgain() {
  clearProgress(OWNER);
  closeOffer();
  start();
}

function discard() {
  clearProgress(OWNER);
  closeOffer(L.resumeDiscarded);
  $('start-button').focus();
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
$('worse-button').addEventListener('click', openWorse);
$('worse-done').addEventListener('click', answerWorse);
$('worse-cancel').addEventListener('click', () => $('worse-dialog').close('cancel'));
$('worse-dialog').addEventListener('close', closeWorse);
$('resume-carry-on').addEventListener('click', carryOn);
$('resume-save').addEventListener('click', saveWhatWasDone);
$('resume-restart').addEventListener('click', startAgain);
$('resume-discard').addEventListener('click', discard);

buildPainScales();
show('start');
const stored = loadProgress(OWNER);
if (stored) showOffer(stored);
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
