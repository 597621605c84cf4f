// The session machine over whole real plans: cues, time, pause, skip, back, ending, saving.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, step } from '../../src/piri/static/piri/session-machine.js';
import { isoLocal } from '../../src/piri/static/piri/session-record.js';
import { FakePage, LABELS, PLAN_ID, T0, WALL0, first, indexOf, loadPlan, statusOf } from './harness.mjs';

const RIGHT = loadPlan('plan-right.json');
const BOTH = loadPlan('plan-both.json');

/** Play every step as planned: timed steps run out, checks answered "same" after 2 s. */
function playThrough(page) {
  const visited = [];
  const cues = [];
  for (let n = 0; n <= page.plan.steps.length && page.current.kind !== 'finish'; n += 1) {
    const st = page.current;
    visited.push(st.id);
    cues.push(...st.cues.map((c) => c.text));
    if (st.kind === 'check') {
      page.advance(2000);
      page.send('answer', { change: 'same', extent: 'buttock', pain: st.ask_pain ? 1 : undefined });
    } else {
      page.advance(st.duration_s * 1000);
    }
    assert.notEqual(page.current.id, st.id, `${st.id} did not end`);
  }
  visited.push(page.current.id);
  cues.push(...page.current.cues.map((c) => c.text));
  return { visited, cues };
}

for (const [name, plan] of [['right side', RIGHT], ['both sides', BOTH]]) {
  test(`a whole plan (${name}) plays from Start to Save: every cue in order, one save`, () => {
    const page = new FakePage(plan);
    page.send('start', { clientId: 'c-1' });
    const { visited, cues } = playThrough(page);
    assert.deepEqual(visited, plan.steps.map((s) => s.id));
    assert.deepEqual(page.spoken(), cues);
    assert.deepEqual(page.of('step').map((e) => e.index), plan.steps.map((_, i) => i));
    assert.equal(page.of('beep').filter((e) => e.kind === 'step').length, plan.steps.length);
    const holds = plan.steps.filter((s) => s.kind === 'hold').length;
    assert.equal(page.of('beep').filter((e) => e.kind === 'count').length, 3 * holds);
    assert.equal(page.of('save').length, 0);

    page.send('finish', { pain: 3, helped: plan.helped_options[1].id });
    const report = page.report;
    assert.deepEqual(Object.keys(report), [
      'client_id', 'plan_id', 'started_at', 'ended_at', 'completed', 'steps', 'checks', 'end_pain', 'helped_most',
    ]);
    assert.equal(report.client_id, 'c-1');
    assert.equal(report.plan_id, PLAN_ID);
    assert.equal(report.started_at, isoLocal(new Date(WALL0)));
    assert.equal(report.completed, true);
    assert.equal(report.end_pain, 3);
    assert.equal(report.helped_most, plan.helped_options[1].id);
    for (const [i, s] of plan.steps.entries()) {
      const seconds = s.kind === 'check' ? 2 : s.kind === 'finish' ? 0 : s.duration_s;
      assert.deepEqual(report.steps[i], { step_id: s.id, status: 'done', seconds });
    }
    const checks = plan.steps.filter((s) => s.kind === 'check');
    assert.deepEqual(report.checks.map((c) => c.step_id), checks.map((c) => c.id));
    assert.deepEqual(Object.keys(report.checks[0]), ['step_id', 'change', 'extent', 'pain', 'action', 'answered_at']);
    assert.deepEqual(report.checks.map((c) => c.pain), checks.map((c) => (c.ask_pain ? 1 : null)));
    assert.ok(report.checks.every((c) => c.action === null));
    // the session ends: done screen, no more timers, nothing kept after the save
    const afterSave = page.log.slice(page.log.findIndex((e) => e.type === 'save'));
    assert.deepEqual(afterSave.map((e) => e.type), ['save']);
    assert.equal(page.state.screen, 'done');
    assert.equal(page.send('leave').length, 0);
    page.send('saved', { outcome: 'sent' });
    assert.equal(page.state.saveState, 'sent');
  });
}

test('every field of the state is there from the start; none is added on the way', () => {
  const page = new FakePage(BOTH);
  const fields = Object.keys(page.state).sort();
  page.send('start', { clientId: 'c-1' });
  page.advance(1000);
  page.send('answer', { change: 'same', extent: 'thigh', pain: 2 });
  page.send('worse');
  page.send('worse-answer', { change: 'less', extent: 'thigh' });
  page.send('end');
  page.send('end-close', { confirm: true });
  page.send('finish', { pain: 1 });
  assert.deepEqual(Object.keys(page.state).sort(), fields);
});

test('step never changes the state it is given', () => {
  const state = initialState(RIGHT, { planId: PLAN_ID, labels: LABELS });
  const before = structuredClone(state);
  const { state: after, effects } = step(state, { type: 'start', now: T0, wall: WALL0, clientId: 'c-1' });
  assert.deepEqual(state, before);
  assert.notEqual(after, state);
  assert.equal(after.screen, 'check');
  assert.ok(effects.length > 0);
  assert.throws(() => step(state, { type: 'no-such-event', now: T0, wall: WALL0 }), /unknown event/);
});

test('a step ends at its deadline: a tick before it changes nothing, at it the next step begins', () => {
  const page = new FakePage(RIGHT);
  const hold = first(RIGHT, { kind: 'hold' });
  page.send('start', { clientId: 'c-1' });
  page.skipTo(hold.id);
  const began = page.now;
  const deadline = began + hold.duration_s * 1000;
  page.moveTo(deadline - 1);
  const early = page.send('tick');
  assert.equal(page.current.id, hold.id);
  assert.equal(page.state.results[page.state.index].status, null);
  assert.deepEqual(early.filter((e) => e.type === 'step'), []);
  assert.deepEqual(early.filter((e) => e.type === 'countdown'), [{ type: 'countdown', seconds: 1 }]);
  assert.equal(early.at(-1).type, 'timer');
  assert.equal(early.at(-1).at, deadline); // asks to be woken exactly at the deadline

  page.moveTo(deadline);
  const due = page.send('tick');
  assert.notEqual(page.current.id, hold.id);
  assert.deepEqual(page.state.results[indexOf(RIGHT, hold.id)], { status: 'done', seconds: hold.duration_s });
  assert.deepEqual(due.filter((e) => e.type === 'step').map((e) => e.at), [deadline]);
  assert.equal(page.state.clock.startAt, deadline);
});

test('woken a little late, the next step starts at the old deadline; very late, it starts now', () => {
  const page = new FakePage(RIGHT);
  const hold = first(RIGHT, { kind: 'hold' });
  page.send('start', { clientId: 'c-1' });
  page.skipTo(hold.id);
  let deadline = page.now + hold.duration_s * 1000;
  page.moveTo(deadline + 600); // a throttled timer: no drift builds up
  page.send('tick');
  assert.equal(page.state.clock.startAt, deadline);
  assert.deepEqual(page.state.results[indexOf(RIGHT, hold.id)], { status: 'done', seconds: hold.duration_s });

  const relax = page.current;
  deadline = page.state.clock.startAt + relax.duration_s * 1000;
  page.moveTo(deadline + 5000); // a frozen page: the next step starts when it wakes
  const from = page.log.length;
  page.send('tick');
  assert.equal(page.state.clock.startAt, deadline + 5000);
  assert.deepEqual(page.spoken(from), page.current.cues.filter((c) => c.at_s === 0).map((c) => c.text));
});

test('a cue found more than 2 s late is dropped; the opening cue is always said', () => {
  const massage = first(RIGHT, { kind: 'massage', set_index: 2 });
  const late = massage.cues.find((c) => c.at_s > 0);
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  page.skipTo(massage.id);
  page.timer = null;
  page.moveTo(page.state.clock.startAt + late.at_s * 1000 + 1500);
  let said = page.send('tick').filter((e) => e.type === 'speak');
  assert.deepEqual(said, [{ type: 'speak', text: late.text }]); // 1.5 s late: still said

  page.send('back');
  page.send('skip'); // the same massage again, from its beginning
  assert.equal(page.current.id, massage.id);
  page.moveTo(page.state.clock.startAt + late.at_s * 1000 + 2500);
  said = page.send('tick').filter((e) => e.type === 'speak');
  assert.deepEqual(said, []);
});

test('holds beep at 3, 2 and 1 seconds left, and a beep woken late is not sounded', () => {
  const page = new FakePage(RIGHT);
  const hold = first(RIGHT, { kind: 'hold' });
  page.send('start', { clientId: 'c-1' });
  page.skipTo(hold.id);
  const began = page.now;
  const from = page.log.length;
  page.advance(hold.duration_s * 1000 - 1);
  assert.equal(page.of('beep', from).length, 3);
  page.send('back');
  page.send('skip'); // the same hold again, from its beginning
  assert.equal(page.current.id, hold.id);
  page.timer = null;
  const start = page.state.clock.startAt;
  page.moveTo(start + hold.duration_s * 1000 - 1800); // 1.2 s after the "3 s left" beep was due
  const effects = page.send('tick');
  assert.deepEqual(effects.filter((e) => e.type === 'beep'), [{ type: 'beep', kind: 'count' }]); // "2 s left", 0.2 s late
  assert.ok(began < start);
});

test('pause keeps the remaining time; a paused step ignores ticks', () => {
  const page = new FakePage(RIGHT);
  const hold = first(RIGHT, { kind: 'hold' });
  const length = hold.duration_s * 1000;
  page.send('start', { clientId: 'c-1' });
  page.send('toggle-pause'); // a check cannot be paused
  assert.equal(page.state.clock.pausedAt, null);
  page.skipTo(hold.id);
  page.advance(3000);
  const pausing = page.send('toggle-pause');
  assert.deepEqual(pausing.map((e) => e.type), ['timer', 'hush', 'paused', 'announce', 'figure', 'progress']);
  assert.equal(pausing.find((e) => e.type === 'announce').text, LABELS.paused);
  assert.equal(pausing.find((e) => e.type === 'progress').record.current_ms, 3000);
  assert.equal(page.timer, null);
  page.moveTo(page.now + 20000);
  assert.deepEqual(page.send('tick'), []);
  assert.equal(page.current.id, hold.id);

  const resuming = page.send('toggle-pause');
  assert.deepEqual(resuming.slice(0, 2), [{ type: 'paused', paused: false }, { type: 'announce', text: LABELS.resume }]);
  assert.ok(resuming.some((e) => e.type === 'countdown' && e.seconds === (length - 3000) / 1000));
  page.advance(length - 3000 - 1);
  assert.equal(page.current.id, hold.id);
  page.advance(1);
  assert.notEqual(page.current.id, hold.id);
  assert.equal(page.state.results[indexOf(RIGHT, hold.id)].seconds, hold.duration_s);
});

test('skip, back, "I\'m ready" and End session record what the browser test expects', () => {
  const page = new FakePage(RIGHT);
  const ids = RIGHT.steps.map((s) => s.id);
  page.send('start', { clientId: 'c-1' });
  page.send('skip'); // the opening check: skipping it records no answer
  assert.equal(page.current.id, ids[1]);
  page.send('back');
  assert.equal(page.current.id, ids[0]);
  page.send('skip');
  page.advance(2000);
  page.send('skip');
  assert.equal(page.current.id, ids[2]);
  page.send('back');
  assert.equal(page.current.id, ids[1]);
  assert.equal(page.of('render').at(-1).index, 1); // drawn again, countdown from the top
  assert.deepEqual(page.state.results.slice(1, 3), [{ status: null, seconds: 0 }, { status: null, seconds: 0 }]);
  page.advance(4000);
  page.send('ready');
  assert.equal(page.current.id, ids[2]);

  page.send('end');
  assert.equal(page.of('end-dialog').length, 1);
  assert.notEqual(page.state.clock.pausedAt, null); // paused while the dialog is open
  page.send('end-close', { confirm: false });
  assert.equal(page.state.clock.pausedAt, null);
  page.advance(1000);
  page.send('end');
  page.send('end-close', { confirm: true });
  assert.equal(page.state.screen, 'finish');
  page.send('finish', {});
  assert.deepEqual(page.of('incomplete'), [{ type: 'incomplete', form: 'finish' }]);
  page.send('finish', { pain: '4', helped: '' });

  const report = page.report;
  assert.equal(report.completed, false);
  assert.equal(report.helped_most, null);
  assert.equal(report.end_pain, 4);
  const got = Object.fromEntries(report.steps.map((s) => [s.step_id, [s.status, s.seconds]]));
  assert.deepEqual(got[ids[0]], ['skipped', 0]);
  assert.deepEqual(got[ids[1]], ['done', 4]);
  assert.deepEqual(got[ids[2]], ['skipped', 1]);
  assert.deepEqual(new Set(ids.slice(3, -1).map((id) => got[id][0])), new Set(['not_reached']));
  assert.equal(got['session.finish'][0], 'done');
  assert.deepEqual(report.checks, []);
});

test('ending on a check drops its answer; switching sides says which side', () => {
  const page = new FakePage(BOTH);
  page.send('start', { clientId: 'c-1' });
  const sw = first(BOTH, { kind: 'switch_sides' });
  page.skipTo(sw.id);
  assert.equal(page.of('announce').at(-1).text, `${sw.title}. ${LABELS.sideRight}. ${sw.duration_s} seconds`);
  const check = BOTH.steps[indexOf(BOTH, sw.id) + 3];
  assert.equal(check.kind, 'check');
  page.skipTo(check.id);
  page.advance(500);
  page.send('end');
  assert.equal(page.state.clock.pausedAt, null); // checks have nothing to pause
  page.send('end-close', { confirm: true });
  page.send('finish', { pain: 2, helped: 'foam_roller' });
  assert.equal(statusOf(page.report)[check.id], 'skipped');
  assert.equal(page.report.helped_most, 'foam_roller');
});
