// The session player as a state machine: which step, how long, what is said and recorded.
//
// `step(state, event)` returns `{state, effects}`: a new state (the one passed in is never
// changed) and a list of effects, plain data that player.js carries out in order (speak, beep,
// draw a screen, keep the session on the phone, send the report, wake me up at a time...).
// No DOM, no timers, no globals: time only comes in on events, `now` from performance.now()
// and `wall` from Date.now(). Each step keeps an absolute deadline (clock.js); a `tick` works
// out from it what is due, so a late wake-up never makes a step longer or shorter.
// Playing the steps is session-play.js; what is saved is session-record.js.
// Events, effects and the state's fields: docs/player.md, "The session machine".

import { DEFAULT_EXTENTS, DEFAULT_PAIN_STOP_ABOVE } from './checks.js';
import { elapsed, isPaused } from './clock.js';
import { reportFromRecord, restoredFrom, round2, sameSteps } from './session-record.js';
import {
  answerCheck, answerWorse, back, closeWorse, current, enter, forgetPlanned, fresh, onStepOrCheck, openWorse,
  pause, persist, save, skip, tick, togglePause,
} from './session-play.js';

export { fmt, setLabel, sideLabel, CATCH_UP_LIMIT_MS, STALE_CUE_MS } from './session-play.js';

/**
 * @typedef {object} SessionState
 * @property {object} plan              the SessionPlan played (docs/plan-format.md), never changed
 * @property {string} planId            the stored plan's id, sent in the report
 * @property {Object<string,string>} labels  the page's words (`#piri-labels` data-*)
 * @property {number} painStopAbove     pain above this at an exercise's check stops it
 * @property {string[]} extents         extents, nearest the buttock first
 * @property {'start'|'step'|'check'|'finish'|'done'} screen
 * @property {number} index             the step played, -1 before Start
 * @property {import('./clock.js').StepClock|null} clock  the step's clock
 * @property {number} nextCue           the step's next cue to say
 * @property {number} nextBeep          seconds left at the next last-seconds beep (3, 2, 1; 0: none)
 * @property {{status: string|null, seconds: number}[]} results  one per step, in plan order
 * @property {object[]} answers         every answer in order; `planned` marks a check step's own
 * @property {Object<string, number[]>} stoppedBy  check step id -> indexes its answer stopped
 * @property {string[]} stoppedBlocks   blocks stopped through "Tingling worse?" (back skips them)
 * @property {number[]} visited         indexes played before, for Back
 * @property {number|null} baseline     extent rank of the first answered check
 * @property {string} notice            a branch cue or the pain notice, for the next screen
 * @property {boolean} endedEarly       the patient chose End session
 * @property {string|null} clientId     the session's id, made at Start
 * @property {number|null} startedMs    Date.now() at Start
 * @property {{checkIndex: number, resume: boolean}|null} worse  the open "Tingling worse?" dialog
 * @property {{resume: boolean}|null} ending  the open "End session?" dialog
 * @property {{record: object, offer: 'carry_on'|'save_only'}|null} pending  a stored unfinished session
 * @property {number|null} endPain
 * @property {string|null} helpedMost
 * @property {null|'session'|'stored'} saving  sending this session, or a stored one from the offer
 * @property {string|null} saveState    how the last send went ('saving', 'sent', 'offline'...)
 */

/** @returns {SessionState} */
export function initialState(plan, { planId = '', labels = {}, painStopAbove = DEFAULT_PAIN_STOP_ABOVE } = {}) {
  return {
    plan, planId, labels, painStopAbove, extents: plan.extents || DEFAULT_EXTENTS,
    screen: 'start', index: -1, clock: null, nextCue: 0, nextBeep: 3,
    results: plan.steps.map(fresh), answers: [], stoppedBy: {}, stoppedBlocks: [], visited: [],
    baseline: null, notice: '', endedEarly: false, clientId: null, startedMs: null,
    worse: null, ending: null, pending: null, endPain: null, helpedMost: null, saving: null, saveState: null,
  };
}

/** @returns {{state: SessionState, effects: object[]}} */
export function step(state, event) {
  const handle = HANDLERS[event.type];
  if (!handle) throw new Error(`session machine: unknown event ${event.type}`);
  // a copy whose lists can be changed here; the lists' items are only ever replaced
  const s = { ...state, results: [...state.results], answers: [...state.answers], visited: [...state.visited],
    stoppedBy: { ...state.stoppedBy }, stoppedBlocks: [...state.stoppedBlocks] };
  const fx = [];
  handle(s, event, fx);
  return { state: s, effects: fx };
}

// Start, End session, the finish, saving.

function start(s, ev, fx) {
  if (s.screen !== 'start' || s.saving || s.pending) return;
  fx.push({ type: 'audio' }, { type: 'awake', on: true });
  s.clientId = ev.clientId;
  s.startedMs = ev.wall;
  enter(s, ev, fx, 0, ev.now);
}

function askToEnd(s, ev, fx) {
  if (!onStepOrCheck(s) || s.ending) return;
  const resume = s.screen === 'step' && !isPaused(s.clock);
  if (resume) togglePause(s, ev, fx);
  s.ending = { resume };
  fx.push({ type: 'end-dialog' });
}

function closeEnd(s, ev, fx) {
  const ending = s.ending;
  s.ending = null;
  if (ev.confirm) endEarly(s, ev, fx);
  else if (ending?.resume && s.screen === 'step' && isPaused(s.clock)) togglePause(s, ev, fx);
}

function endEarly(s, ev, fx) {
  if (!onStepOrCheck(s)) return;
  fx.push({ type: 'hush' }, { type: 'timer', at: null });
  const spent = elapsed(s.clock, ev.now);
  s.results[s.index] = { status: spent > 0 ? 'skipped' : 'not_reached', seconds: round2(spent) };
  if (current(s).kind === 'check') forgetPlanned(s, current(s).id);
  s.endedEarly = true;
  const finish = s.plan.steps.findIndex((x) => x.kind === 'finish');
  if (finish > s.index) enter(s, ev, fx, finish, ev.now);
  else save(s, ev, fx);
}

function finish(s, ev, fx) {
  if (s.saving || s.screen !== 'finish') return;
  if (ev.pain === undefined || ev.pain === null) {
    fx.push({ type: 'incomplete', form: 'finish' });
    return;
  }
  s.endPain = Number(ev.pain);
  s.helpedMost = ev.helped || null;
  s.results[s.index] = { status: 'done', seconds: round2(elapsed(s.clock, ev.now)) };
  save(s, ev, fx);
}

function saved(s, ev, fx) {
  if (s.saving === 'stored') {
    // the earlier session from the offer is sent (or queued): today's can start
    const L = s.labels;
    s.saving = null;
    s.pending = null;
    const message = ev.outcome === 'sent' ? L.resumeSaved : ev.outcome === 'rejected' ? L.rejected : L.resumeWaiting;
    fx.push({ type: 'offer-close', message, outcome: ev.outcome, focus: true });
  } else if (s.saving === 'session') {
    s.saveState = ev.outcome;
    fx.push({ type: 'save-state', outcome: ev.outcome });
  }
}

// An unfinished session found on the phone (progress-store.js): carry on, save it, or drop it.

function found(s, ev, fx) {
  if (s.screen !== 'start' || s.clientId || !ev.record) return;
  let offer = ev.offer;
  if (offer === 'carry_on' && !sameSteps(ev.record, s.plan.steps)) offer = 'save_only';
  s.pending = { record: ev.record, offer };
  fx.push({ type: 'offer', offer, record: ev.record });
}

function carryOn(s, ev, fx) {
  if (s.pending?.offer !== 'carry_on') return;
  const { index, ...fields } = restoredFrom(s.pending.record, s.plan.steps);
  s.pending = null;
  fx.push({ type: 'offer-close', message: '' }, { type: 'audio' }, { type: 'awake', on: true });
  Object.assign(s, fields);
  enter(s, ev, fx, index, ev.now); // the step starts again from its beginning
}

function saveStored(s, ev, fx) {
  if (!s.pending || s.saving) return;
  const { record, offer } = s.pending;
  const report = reportFromRecord(record);
  fx.push({ type: 'offer-hide' });
  if (offer === 'carry_on') {
    // "Save what I did and stop": this session is over
    s.clientId = record.client_id;
    s.pending = null;
    s.saving = 'session';
    s.screen = 'done';
    s.saveState = 'saving';
    fx.push({ type: 'render', screen: 'done', index: s.index }, { type: 'save-state', outcome: 'saving' });
  } else {
    s.saving = 'stored';
  }
  fx.push({ type: 'save', report });
}

function startAgain(s, ev, fx) {
  if (!s.pending || s.saving) return;
  s.pending = null;
  fx.push({ type: 'forget' }, { type: 'offer-close', message: '' });
  start(s, ev, fx);
}

function discard(s, ev, fx) {
  if (!s.pending || s.saving) return;
  s.pending = null;
  fx.push({ type: 'forget' }, { type: 'offer-close', message: s.labels.resumeDiscarded, focus: true });
}

const HANDLERS = {
  start, tick, back, skip, 'toggle-pause': togglePause, pause, ready: (s, ev, fx) => skip(s, ev, fx, 'done'),
  answer: answerCheck, worse: openWorse, 'worse-answer': answerWorse, 'worse-close': closeWorse,
  end: askToEnd, 'end-close': closeEnd, finish, saved, leave: persist,
  found, 'carry-on': carryOn, 'save-stored': saveStored, 'start-again': startAgain, discard,
};
