// Playing a session plan's steps, for the session machine (session-machine.js): entering a
// step, its time and cues, skip, back, pause, answering checks and "Tingling worse?".
// Each function takes a draft of the state `s` that it may change, the event `ev` (with `now`
// from performance.now(), `wall` from Date.now()) and the list of effects `fx` it adds to.
// No DOM, no timers, no globals.

import { checkFor, judge, restOfBlock } from './checks.js';
import { deadline, elapsed, isPaused, pauseClock, remaining, resumeClock, shownSeconds, startClock, timeOf } from './clock.js';
import { isoLocal, progressOf, reportOf, round2 } from './session-record.js';

const TIMED = new Set(['instruction', 'get_ready', 'hold', 'relax', 'rest', 'switch_sides', 'massage']);
const LAST_SECONDS_BEEP = new Set(['hold']); // beep at 3, 2, 1 seconds left
// Woken later than this after a deadline (phone asleep, tab frozen): start the next step now
// instead of at the old deadline, so the person is not rushed through steps they missed.
export const CATCH_UP_LIMIT_MS = 1000;
// A cue found more than this late is not said (a newer one is coming); opening cues always are.
export const STALE_CUE_MS = 2000;

/** Fill `{name}` placeholders of a label. */
export const fmt = (text, values) => String(text ?? '').replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
export const sideLabel = (step, L) => (step.side === 'left' ? L.sideLeft : step.side === 'right' ? L.sideRight : '');
export function setLabel(step, L) {
  if (!step.set_index || !step.set_count) return '';
  const label = step.kind === 'massage' ? L.partOf || L.setOf : step.phase === 'stretch' ? L.roundOf : L.setOf;
  return fmt(label, { n: step.set_index, total: step.set_count });
}

export const fresh = () => ({ status: null, seconds: 0 });

export const current = (s) => s.plan.steps[s.index];
export const playing = (s) => !s.saving && (s.screen === 'step' || s.screen === 'check' || s.screen === 'finish');
export const onStepOrCheck = (s) => !s.saving && (s.screen === 'step' || s.screen === 'check');
export const forgetPlanned = (s, id) => { s.answers = s.answers.filter((a) => !(a.planned && a.step_id === id)); };

/**
 * What the step's demonstration figure shows now: its item, the side (left: mirrored), the key
 * pose, how it moves (`still`, `ease` from `from`, `loop` with `from`) over the step's
 * `duration` (ms), how far into the step it is (`elapsed` ms at `at`, a performance.now() time)
 * and whether the clock runs. `figure: null` on checks, the finish and steps without one.
 */
export function figureOf(s, now) {
  const st = current(s);
  if (s.screen !== 'step' || !st || !st.figure) return { type: 'figure', figure: null };
  return {
    type: 'figure', figure: st.figure, side: st.side || 'right', pose: st.pose, from: st.pose_from || null,
    motion: st.motion || 'still', duration: st.duration_s * 1000, elapsed: elapsed(s.clock, now), at: now,
    running: !isPaused(s.clock),
  };
}

export function persist(s, ev, fx) {
  if (!s.clientId || !playing(s) || s.index < 0) return;
  fx.push({ type: 'progress', record: progressOf(s, ev.now, ev.wall) });
}

/** Enter step `index`, whose clock starts at `startAt` (a performance.now() time). */
export function enter(s, ev, fx, index, startAt) {
  fx.push({ type: 'timer', at: null });
  s.index = index;
  const st = current(s);
  s.results[index] = fresh();
  s.clock = startClock(st.duration_s * 1000, startAt);
  s.nextCue = 0;
  s.nextBeep = 3;
  s.screen = st.kind === 'check' || st.kind === 'finish' ? st.kind : 'step';
  fx.push({ type: 'step', index, at: startAt }); // when the step began on the clock
  if (st.kind === 'check') {
    // answering again after Back: forget the earlier answer and what it stopped
    forgetPlanned(s, st.id);
    for (const j of s.stoppedBy[st.id] || []) s.results[j] = fresh();
    delete s.stoppedBy[st.id];
  }
  const worse = s.screen === 'step' && checkFor(s.plan.steps, index) >= 0; // the "Tingling worse?" button
  fx.push({ type: 'render', screen: s.screen, index, notice: s.notice, worse });
  fx.push(figureOf(s, ev.now));
  s.notice = '';
  persist(s, ev, fx);
  const parts = [st.title, sideLabel(st, s.labels), setLabel(st, s.labels)];
  if (TIMED.has(st.kind)) parts.push(fmt(s.labels.seconds, { n: Math.round(st.duration_s) }));
  fx.push({ type: 'announce', text: parts.filter(Boolean).join('. ') });
  fx.push({ type: 'beep', kind: 'step' });
  tick(s, ev, fx);
}

/** Say the cues due by `ev.now`, beep, show the countdown, end the step at its deadline. */
export function tick(s, ev, fx) {
  if (!playing(s) || s.index < 0 || isPaused(s.clock)) return;
  const st = current(s);
  const t = ev.now;
  const lived = elapsed(s.clock, t);
  const cues = st.cues || [];
  while (s.nextCue < cues.length && cues[s.nextCue].at_s * 1000 <= lived) {
    const cue = cues[s.nextCue];
    if (cue.at_s === 0 || lived - cue.at_s * 1000 < STALE_CUE_MS) fx.push({ type: 'speak', text: cue.text });
    s.nextCue += 1;
  }
  if (!TIMED.has(st.kind)) return; // checks and the finish wait for an answer

  const left = remaining(s.clock, t);
  const beeps = LAST_SECONDS_BEEP.has(st.kind);
  while (beeps && s.nextBeep >= 1 && left <= s.nextBeep * 1000) {
    if (s.nextBeep * 1000 - left < 500) fx.push({ type: 'beep', kind: 'count' });
    s.nextBeep -= 1;
  }
  fx.push({ type: 'countdown', seconds: shownSeconds(left) });

  const due = deadline(s.clock);
  if (left <= 0) {
    s.results[s.index] = { status: 'done', seconds: round2(st.duration_s * 1000) };
    goTo(s, ev, fx, nextIndex(s, s.index), t - due < CATCH_UP_LIMIT_MS ? due : t);
    return;
  }
  // sleep until the next thing to do: a cue, a beep, the countdown changing, the deadline
  const wake = [due, t + (left % 1000 || 1000)];
  if (s.nextCue < cues.length) wake.push(timeOf(s.clock, cues[s.nextCue].at_s * 1000));
  if (beeps && s.nextBeep >= 1) wake.push(timeOf(s.clock, s.clock.duration - s.nextBeep * 1000));
  fx.push({ type: 'timer', at: Math.min(...wake) });
}

function nextIndex(s, from) {
  for (let j = from + 1; j < s.plan.steps.length; j += 1) if (s.results[j].status !== 'stopped') return j;
  return -1;
}

export function goTo(s, ev, fx, index, startAt) {
  if (index < 0) {
    save(s, ev, fx); // a plan without a finish step
    return;
  }
  s.visited.push(s.index);
  enter(s, ev, fx, index, startAt);
}

export function skip(s, ev, fx, status = 'skipped') {
  if (!onStepOrCheck(s)) return;
  fx.push({ type: 'hush' }, { type: 'timer', at: null });
  if (current(s).kind === 'check') forgetPlanned(s, current(s).id);
  s.results[s.index] = { status, seconds: round2(elapsed(s.clock, ev.now)) };
  goTo(s, ev, fx, nextIndex(s, s.index), ev.now);
}

export function back(s, ev, fx) {
  if (!onStepOrCheck(s)) return;
  fx.push({ type: 'hush' }, { type: 'timer', at: null });
  s.results[s.index] = fresh();
  let previous = s.visited.pop();
  // an exercise stopped through "Tingling worse?" is not gone back into
  while (previous !== undefined && s.stoppedBlocks.includes(s.plan.steps[previous].block)) previous = s.visited.pop();
  enter(s, ev, fx, previous ?? s.index, ev.now);
}

export function togglePause(s, ev, fx) {
  if (s.saving || s.screen !== 'step') return;
  if (isPaused(s.clock)) {
    s.clock = resumeClock(s.clock, ev.now);
    fx.push({ type: 'paused', paused: false }, { type: 'announce', text: s.labels.resume });
    fx.push(figureOf(s, ev.now));
    tick(s, ev, fx);
  } else {
    s.clock = pauseClock(s.clock, ev.now);
    fx.push({ type: 'timer', at: null }, { type: 'hush' }, { type: 'paused', paused: true });
    fx.push({ type: 'announce', text: s.labels.paused }, figureOf(s, ev.now));
  }
  persist(s, ev, fx);
}

/** Say the cue(s) at once; they are shown on the next screen, or now when `showNow`. */
function sayAndShow(s, fx, texts, showNow = false) {
  if (!texts.length) return;
  fx.push({ type: 'hush' });
  for (const text of texts) fx.push({ type: 'speak', text });
  s.notice = texts.join(' ');
  if (showNow) {
    fx.push({ type: 'notice', text: s.notice });
    s.notice = '';
  }
}

/** Judge an answer to the check step `check`; returns what to say and whether the block stops. */
function judged(s, check, answer) {
  const verdict = judge(check, answer, { baseline: s.baseline, extents: s.extents, painStopAbove: s.painStopAbove });
  s.baseline = verdict.baseline;
  const said = [];
  if (verdict.branch) {
    answer.action = verdict.branch.action;
    said.push(verdict.branch.cue);
  }
  if (verdict.painStop) {
    const option = (s.plan.helped_options || []).find((o) => o.id === check.item);
    said.push(fmt(s.labels.painStop, { n: s.painStopAbove, name: option ? option.name : s.labels.thisExercise }));
  }
  return { said, branch: verdict.branch, stop: Boolean(verdict.branch?.stop || verdict.painStop) };
}

/** Mark the rest of the block of step `from` as stopped; returns the indexes. */
function stopRestOfBlock(s, from) {
  const stopped = restOfBlock(s.plan.steps, from, s.plan.steps[from].block);
  for (const j of stopped) s.results[j] = { status: 'stopped', seconds: 0 };
  return stopped;
}

const newAnswer = (id, ev, pain, planned) => ({
  step_id: id, change: ev.change, extent: ev.extent, pain, action: null, answered_at: isoLocal(new Date(ev.wall)), planned,
});

export function answerCheck(s, ev, fx) {
  if (s.saving || s.screen !== 'check') return;
  const st = current(s);
  if (!ev.change || !ev.extent || (st.ask_pain && (ev.pain === undefined || ev.pain === null))) {
    fx.push({ type: 'incomplete', form: 'check' });
    return;
  }
  fx.push({ type: 'timer', at: null });
  const answer = newAnswer(st.id, ev, st.ask_pain ? Number(ev.pain) : null, true);
  const { said, stop } = judged(s, st, answer);
  sayAndShow(s, fx, said);
  if (stop) s.stoppedBy[st.id] = stopRestOfBlock(s, s.index);
  s.answers.push(answer);
  s.results[s.index] = { status: 'done', seconds: round2(elapsed(s.clock, ev.now)) };
  goTo(s, ev, fx, nextIndex(s, s.index), ev.now);
}

// "Tingling worse?": the quick check at any moment of a block that has a check.

export function openWorse(s, ev, fx) {
  if (s.saving || s.screen !== 'step' || s.worse) return;
  const checkIndex = checkFor(s.plan.steps, s.index);
  if (checkIndex < 0) return;
  const resume = !isPaused(s.clock);
  if (resume) togglePause(s, ev, fx);
  s.worse = { checkIndex, resume };
  fx.push({ type: 'worse-dialog', open: true, check: checkIndex, side: current(s).side ?? s.plan.steps[checkIndex].side });
}

export function answerWorse(s, ev, fx) {
  if (!ev.change || !ev.extent) {
    fx.push({ type: 'incomplete', form: 'worse' });
    return;
  }
  const worse = s.worse;
  s.worse = null; // answered: closing the dialog does not resume by itself
  fx.push({ type: 'worse-dialog', open: false });
  if (!worse || s.saving || s.screen !== 'step') return;
  const check = s.plan.steps[worse.checkIndex];
  const answer = newAnswer(check.id, ev, null, false);
  const { said, branch } = judged(s, check, answer); // pain is not asked here: no pain stop
  s.answers.push(answer);
  const st = current(s);
  if (branch?.stop) {
    // stop the exercise now: this step (for the time it ran) and the rest of its block
    fx.push({ type: 'timer', at: null });
    s.results[s.index] = { status: 'stopped', seconds: round2(elapsed(s.clock, ev.now)) };
    stopRestOfBlock(s, s.index);
    if (!s.stoppedBlocks.includes(st.block)) s.stoppedBlocks.push(st.block);
    sayAndShow(s, fx, said);
    goTo(s, ev, fx, nextIndex(s, s.index), ev.now);
    return;
  }
  sayAndShow(s, fx, said, true);
  if (worse.resume && isPaused(s.clock)) togglePause(s, ev, fx);
  else persist(s, ev, fx);
}

/** Pause a running step (and nothing else): opening the "How to do it" page. */
export function pause(s, ev, fx) {
  if (!s.saving && s.screen === 'step' && !isPaused(s.clock)) togglePause(s, ev, fx);
}

export function closeWorse(s, ev, fx) {
  const worse = s.worse;
  s.worse = null;
  if (worse && worse.resume && s.screen === 'step' && isPaused(s.clock)) togglePause(s, ev, fx);
}

/** The session is over: show the done screen and send the report (once). */
export function save(s, ev, fx) {
  if (s.saving) return;
  const report = reportOf(s, ev.wall);
  s.saving = 'session';
  s.screen = 'done';
  s.saveState = 'saving';
  fx.push({ type: 'timer', at: null }, { type: 'hush' }, { type: 'awake', on: false });
  fx.push({ type: 'render', screen: 'done', index: s.index });
  fx.push({ type: 'save-state', outcome: 'saving' }, { type: 'save', report });
}

