// Symptom checks in the session machine: dial-back branches, pain over the red threshold, the
// massage's "sore spots eased?" check, and "Tingling worse?" during a step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakePage, LABELS, first, indexOf, loadPlan, statusOf } from './harness.mjs';

const RIGHT = loadPlan('plan-right.json');
const BOTH = loadPlan('plan-both.json');
const blockCheck = (plan, block) => plan.steps.filter((s) => s.block === block && s.kind === 'check').at(-1);
const restOf = (plan, id) => plan.steps.slice(indexOf(plan, id) + 1).filter((s) => s.block === first(plan, { id }).block);

/** Start and answer the opening check with `extent` (the baseline). */
function started(plan, extent = 'buttock') {
  const page = new FakePage(plan);
  page.send('start', { clientId: 'c-1' });
  page.send('answer', { change: 'same', extent, pain: 2 });
  return page;
}

function endAndSave(page) {
  if (page.state.screen !== 'finish') {
    page.send('end');
    page.send('end-close', { confirm: true });
  }
  page.send('finish', { pain: 1 });
  return page.report;
}

test('spreading below the knee at the mid-massage check stops the rest of the massage', () => {
  const check = RIGHT.steps.find((s) => s.kind === 'check' && s.phase === 'rest' && s.on_spread?.stop);
  const page = started(RIGHT);
  page.skipTo(check.id);
  const from = page.log.length;
  page.send('answer', { change: 'more', extent: 'below_knee' });
  const stopped = restOf(RIGHT, check.id).map((s) => s.id);
  assert.ok(stopped.length >= 2);
  assert.deepEqual(page.spoken(from).slice(0, 1), [check.on_spread.cue]);
  assert.equal(page.log[from].type, 'timer');
  const types = page.log.slice(from).map((e) => e.type);
  assert.ok(types.indexOf('hush') < types.indexOf('speak'));
  // the next screen is the first step after the massage, showing the cue
  const next = RIGHT.steps[indexOf(RIGHT, stopped.at(-1)) + 1];
  assert.equal(page.current.id, next.id);
  assert.equal(page.of('render').at(-1).notice, check.on_spread.cue);
  assert.equal(page.state.notice, '');

  const report = endAndSave(page);
  for (const id of stopped) assert.equal(statusOf(report)[id], 'stopped');
  const answer = report.checks.find((c) => c.step_id === check.id);
  assert.deepEqual([answer.change, answer.extent, answer.action, answer.pain], ['more', 'below_knee', 'stop_block', null]);
});

test('going back to an answered check forgets its answer and what it stopped', () => {
  const check = RIGHT.steps.find((s) => s.kind === 'check' && s.phase === 'rest' && s.on_spread?.stop);
  const page = started(RIGHT);
  page.skipTo(check.id);
  page.send('answer', { change: 'more', extent: 'foot' });
  page.send('back');
  assert.equal(page.current.id, check.id);
  assert.deepEqual(page.state.stoppedBy, {});
  for (const s of restOf(RIGHT, check.id)) assert.equal(page.state.results[indexOf(RIGHT, s.id)].status, null);
  page.send('answer', { change: 'less', extent: 'buttock' });
  assert.equal(page.current.id, restOf(RIGHT, check.id)[0].id); // the massage goes on
  const report = endAndSave(page);
  assert.deepEqual(report.checks.filter((c) => c.step_id === check.id).map((c) => c.change), ['less']);
});

test('"more" at the stretch check takes its reduce-range branch without stopping anything', () => {
  const check = first(RIGHT, { kind: 'check', phase: 'stretch' });
  const page = started(RIGHT, 'thigh');
  page.skipTo(check.id);
  const from = page.log.length;
  page.send('answer', { change: 'more', extent: 'thigh', pain: 3 });
  assert.deepEqual(page.spoken(from)[0], check.on_worse.cue);
  assert.equal(page.of('render').at(-1).notice, check.on_worse.cue);
  assert.equal(page.current.id, RIGHT.steps[indexOf(RIGHT, check.id) + 1].id);
  const report = endAndSave(page);
  assert.equal(report.checks.find((c) => c.step_id === check.id).action, 'reduce_range');
});

test('the "sore spots eased?" check after massage: worse eases next time, the session goes on', () => {
  const check = first(RIGHT, { kind: 'check', phase: 'rest', id: 'fingers.right.check.after' });
  const page = started(RIGHT);
  page.skipTo(check.id);
  const from = page.log.length;
  page.send('answer', { change: 'more', extent: 'buttock' });
  assert.deepEqual(page.spoken(from)[0], check.on_worse.cue);
  assert.equal(page.current.block, RIGHT.steps[indexOf(RIGHT, check.id) + 1].block);
  const report = endAndSave(page);
  assert.equal(report.checks.find((c) => c.step_id === check.id).action, 'ease_pressure');
  assert.ok(!Object.values(statusOf(report)).includes('stopped'));
});

test('pain above the red threshold says so and stops the item; at the threshold nothing happens', () => {
  const check = first(RIGHT, { kind: 'check', phase: 'stretch' });
  const name = RIGHT.helped_options.find((o) => o.id === check.item).name;
  const page = started(RIGHT);
  assert.equal(page.state.answers[0].pain, 2);
  page.skipTo(check.id);
  const from = page.log.length;
  page.send('answer', { change: 'same', extent: 'buttock', pain: '7' });
  const notice = `Your pain is above 5 out of 10, so ${name} stops for today. Next time it will be made easier.`;
  assert.deepEqual(page.spoken(from), [notice, ...page.current.cues.filter((c) => c.at_s === 0).map((c) => c.text)]);
  assert.equal(page.of('render').at(-1).notice, notice);
  assert.deepEqual(page.state.stoppedBy, { [check.id]: [] }); // the check ends its block

  const strengthen = first(RIGHT, { kind: 'check', phase: 'strengthen' });
  page.skipTo(strengthen.id);
  const quiet = page.log.length;
  page.send('answer', { change: 'same', extent: 'buttock', pain: 5 });
  assert.ok(!page.spoken(quiet).some((t) => t.includes('pain is above')));
  assert.equal(page.of('render').at(-1).notice, '');
  const report = endAndSave(page);
  const answer = report.checks.find((c) => c.step_id === check.id);
  assert.deepEqual([answer.pain, answer.action], [7, null]);
});

test('pain over the threshold at a check in the middle of a block stops the rest of it', () => {
  // the real plan, with pain asked at the mid-massage check as well
  const plan = structuredClone(RIGHT);
  const mid = plan.steps.find((s) => s.id === 'fingers.right.check.during');
  mid.ask_pain = true;
  const page = new FakePage(plan, { painStopAbove: 4 });
  page.send('start', { clientId: 'c-1' });
  page.send('answer', { change: 'same', extent: 'buttock', pain: 9 }); // the opening check never stops
  assert.equal(page.current.id, plan.steps[1].id);
  page.skipTo(mid.id);
  page.send('answer', { change: 'same', extent: 'buttock' });
  assert.deepEqual(page.of('incomplete'), [{ type: 'incomplete', form: 'check' }]);
  assert.equal(page.current.id, mid.id);
  page.send('answer', { change: 'less', extent: 'none', pain: 5 });
  const said = 'Your pain is above 4 out of 10, so Finger massage stops for today. Next time it will be made easier.';
  assert.ok(page.spoken().includes(said));
  const report = endAndSave(page);
  assert.deepEqual(restOf(plan, mid.id).map((s) => statusOf(report)[s.id]), ['stopped', 'stopped']);
  assert.equal(report.checks.find((c) => c.step_id === mid.id).action, null);
});

test('"Tingling worse?" with a stopping answer stops the clamshell now, and Back never returns there', () => {
  const hold = first(RIGHT, { item: 'clamshell_hold', kind: 'hold' });
  const check = blockCheck(RIGHT, hold.block);
  const page = started(RIGHT, 'thigh');
  page.skipTo(hold.id);
  page.advance(4000);
  const opening = page.send('worse');
  assert.deepEqual(opening.at(-1), { type: 'worse-dialog', open: true, check: indexOf(RIGHT, check.id), side: 'right' });
  assert.notEqual(page.state.clock.pausedAt, null);
  assert.deepEqual(page.send('worse'), []); // already open
  page.send('worse-answer', { change: 'more' });
  assert.deepEqual(page.of('incomplete'), [{ type: 'incomplete', form: 'worse' }]);
  page.advance(30000); // answering takes a while
  const from = page.log.length;
  page.send('worse-answer', { change: 'more', extent: 'below_knee' });
  assert.deepEqual(page.log[from], { type: 'worse-dialog', open: false });
  assert.ok(page.spoken(from).includes(check.on_spread.cue));
  const after = RIGHT.steps.slice(indexOf(RIGHT, hold.id)).find((s) => s.block !== hold.block);
  assert.equal(page.current.id, after.id);
  assert.equal(page.of('render').at(-1).notice, check.on_spread.cue);
  assert.deepEqual(page.send('worse-close'), []); // the dialog's close event after an answer
  page.send('back');
  assert.ok(page.current.block !== hold.block);

  const report = endAndSave(page);
  assert.deepEqual(report.steps[indexOf(RIGHT, hold.id)], { step_id: hold.id, status: 'stopped', seconds: 4 });
  assert.deepEqual(new Set(restOf(RIGHT, hold.id).map((s) => statusOf(report)[s.id])), new Set(['stopped']));
  const answers = report.checks.filter((c) => c.step_id === check.id);
  assert.deepEqual(answers, [{ ...answers[0], change: 'more', extent: 'below_knee', pain: null, action: 'stop_block' }]);
});

test('"Tingling worse?" that does not stop: the cue is shown now and the hold goes on with its time', () => {
  const hold = first(RIGHT, { phase: 'stretch', kind: 'hold' });
  const check = blockCheck(RIGHT, hold.block);
  const page = started(RIGHT, 'thigh');
  page.skipTo(hold.id);
  page.advance(2000);
  page.send('worse');
  page.advance(15000);
  const from = page.log.length;
  page.send('worse-answer', { change: 'more', extent: 'thigh' });
  const types = page.log.slice(from).map((e) => e.type);
  assert.deepEqual(types.slice(0, 5), ['worse-dialog', 'hush', 'speak', 'notice', 'paused']);
  assert.equal(page.spoken(from).at(-1), check.on_worse.cue);
  assert.equal(page.state.notice, '');
  assert.ok(page.log.slice(from).some((e) => e.type === 'countdown' && e.seconds === hold.duration_s - 2));
  assert.equal(page.current.id, hold.id);
  page.advance(hold.duration_s * 1000 - 2000);
  assert.notEqual(page.current.id, hold.id);
  assert.equal(page.state.results[indexOf(RIGHT, hold.id)].seconds, hold.duration_s);
});

test('"Tingling worse?" answered "same" or closed unanswered just resumes; not offered on checks', () => {
  const hold = first(RIGHT, { item: 'clamshell_hold', kind: 'hold' });
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  assert.deepEqual(page.send('worse'), []); // not on the opening check
  page.send('answer', { change: 'same', extent: 'thigh', pain: 2 });
  page.skipTo(hold.id);
  page.advance(5000);
  page.send('worse');
  const from = page.log.length;
  page.send('worse-answer', { change: 'same', extent: 'thigh' });
  assert.ok(!page.log.slice(from).some((e) => e.type === 'notice' || e.type === 'speak'));
  assert.equal(page.state.clock.pausedAt, null);

  page.send('worse');
  page.send('worse-close'); // "Back to the exercise" or Escape
  assert.equal(page.state.clock.pausedAt, null);
  assert.equal(page.state.worse, null);
  page.send('toggle-pause');
  page.send('worse');
  page.send('worse-close'); // it was paused before: it stays paused
  assert.notEqual(page.state.clock.pausedAt, null);

  const check = blockCheck(RIGHT, hold.block);
  page.skipTo(check.id);
  assert.deepEqual(page.send('worse'), []);
  assert.equal(page.of('render').at(-1).worse, false);
  const report = endAndSave(page);
  assert.deepEqual(report.checks.filter((c) => c.step_id === check.id).map((c) => [c.change, c.action]), [['same', null]]);
});

test('"Tingling worse?" during a massage\'s first half is judged by the mid-massage check', () => {
  const massage = first(BOTH, { kind: 'massage', side: 'right', set_index: 1 });
  const during = BOTH.steps[indexOf(BOTH, massage.id) + 1];
  const sw = first(BOTH, { kind: 'switch_sides' });
  const page = started(BOTH, 'thigh');
  page.skipTo(sw.id);
  assert.equal(page.of('render').at(-1).worse, true);
  page.skipTo(massage.id);
  page.send('worse');
  assert.equal(page.of('worse-dialog').at(-1).check, indexOf(BOTH, during.id));
  page.send('worse-answer', { change: 'more', extent: 'thigh' });
  assert.equal(page.of('notice').at(-1).text, during.on_worse.cue);
  assert.equal(page.current.id, massage.id);
  assert.ok(LABELS.painStop.includes('{name}'));
});
