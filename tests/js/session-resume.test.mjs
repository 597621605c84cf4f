// Never lose a session: what the machine keeps on the phone, and carrying on after a reload.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFromRecord } from '../../src/piri/static/piri/session-record.js';
import { FakePage, LABELS, PLAN_ID, first, indexOf, loadPlan, statusOf } from './harness.mjs';

const RIGHT = loadPlan('plan-right.json');
const BOTH = loadPlan('plan-both.json');
const HOLD = first(RIGHT, { kind: 'hold' });

/** Start, answer the opening check (thigh), skip to the first hold and hold it 3 s. */
function playALittle() {
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  page.send('answer', { change: 'same', extent: 'thigh', pain: 2 });
  page.skipTo(HOLD.id);
  page.advance(3000);
  page.send('leave'); // the page is hidden or left: keep it now
  return page;
}

/** The page opened again later, finding `record` on the phone. */
function reopened(record, offer, plan = RIGHT) {
  const page = new FakePage(plan, { now: 100, wall: record.started_ms + 20 * 60 * 1000 });
  const effects = page.send('found', { record, offer });
  return { page, effects };
}

test('the session in progress is kept at every step change, pause and when the page is left', () => {
  const page = playALittle();
  const kept = page.of('progress').map((e) => e.record);
  assert.equal(kept.length, page.of('step').length + 1);
  const record = page.kept;
  assert.deepEqual(Object.keys(record), [
    'plan_id', 'client_id', 'started_at', 'started_ms', 'updated_at', 'step_ids', 'index', 'current_ms', 'results',
    'answers', 'baseline', 'visited', 'stopped_by', 'stopped_blocks', 'ended_early', 'format',
  ]);
  assert.equal(record.plan_id, PLAN_ID);
  assert.equal(record.index, indexOf(RIGHT, HOLD.id));
  assert.equal(record.current_ms, 3000);
  assert.equal(record.baseline, 2);
  assert.deepEqual(record.answers.map((a) => [a.step_id, a.extent, a.planned]), [['session.check.start', 'thigh', true]]);
  assert.equal(new FakePage(RIGHT).send('leave').length, 0); // nothing to keep before Start
});

test('carry on: the same session, the step it was on from its beginning, answers kept', () => {
  const before = playALittle();
  const { page, effects } = reopened(before.kept, 'carry_on');
  assert.deepEqual(effects, [{ type: 'offer', offer: 'carry_on', record: before.kept }]);
  assert.deepEqual(page.send('start', { clientId: 'c-2' }), []); // Start is hidden while offered
  const from = page.log.length;
  page.send('carry-on');
  assert.deepEqual(page.log.slice(from, from + 3).map((e) => e.type), ['offer-close', 'audio', 'awake']);
  assert.equal(page.current.id, HOLD.id);
  assert.equal(page.state.clientId, 'c-1');
  assert.equal(page.of('countdown').at(-1).seconds, HOLD.duration_s);
  assert.deepEqual(page.spoken(from), HOLD.cues.filter((c) => c.at_s === 0).map((c) => c.text)); // said again
  page.advance(HOLD.duration_s * 1000);
  assert.notEqual(page.current.id, HOLD.id);
  page.send('end');
  page.send('end-close', { confirm: true });
  page.send('finish', { pain: 1 });

  const report = page.report;
  assert.equal(report.client_id, 'c-1');
  assert.equal(report.started_at, before.kept.started_at);
  assert.equal(report.completed, false);
  assert.equal(statusOf(report)[HOLD.id], 'done');
  assert.equal(statusOf(report)[RIGHT.steps[1].id], 'skipped');
  const opening = report.checks.find((c) => c.step_id === 'session.check.start');
  assert.deepEqual([opening.extent, opening.pain], ['thigh', 2]);
});

test('carrying on keeps the baseline, the back trail and what a "worse" answer stopped', () => {
  const hold = first(RIGHT, { item: 'clamshell_hold', kind: 'hold' });
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  page.send('answer', { change: 'same', extent: 'thigh', pain: 2 });
  page.skipTo(hold.id);
  page.advance(4000);
  page.send('worse');
  page.send('worse-answer', { change: 'more', extent: 'foot' });
  const { page: again } = reopened(page.kept, 'carry_on');
  again.send('carry-on');
  assert.equal(again.current.id, page.current.id);
  assert.equal(again.state.baseline, 2);
  assert.deepEqual(again.state.stoppedBlocks, [hold.block]);
  again.send('back');
  assert.notEqual(again.current.block, hold.block); // still never back into the stopped block
  assert.deepEqual(again.state.visited, page.state.visited.slice(0, again.state.visited.length));
});

test('"save what I did": the stored session as it was, the step it was on skipped', () => {
  const before = playALittle();
  const record = before.kept;
  const { page } = reopened(record, 'carry_on');
  page.send('save-stored');
  assert.deepEqual(page.log.slice(1).map((e) => e.type), ['offer-hide', 'render', 'save-state', 'save']);
  assert.equal(page.state.screen, 'done');
  assert.equal(page.state.clientId, 'c-1');
  const report = page.report;
  assert.deepEqual(report, reportFromRecord(record));
  assert.equal(report.completed, false);
  assert.equal(report.ended_at, record.updated_at);
  assert.deepEqual(report.steps[indexOf(RIGHT, HOLD.id)], { step_id: HOLD.id, status: 'skipped', seconds: 3 });
  assert.equal(report.steps[indexOf(RIGHT, HOLD.id) + 1].status, 'not_reached');
  assert.deepEqual([report.end_pain, report.helped_most], [null, null]);
  assert.deepEqual(report.checks.map((c) => c.step_id), ['session.check.start']);
  page.send('saved', { outcome: 'offline' });
  assert.deepEqual(page.of('save-state').at(-1), { type: 'save-state', outcome: 'offline' });
});

test('another plan can only be saved or discarded; once saved, today\'s session can start', () => {
  const before = playALittle();
  // same plan id, other steps (the fixture of another prescription): never carried on
  const { page } = reopened(before.kept, 'carry_on', BOTH);
  assert.equal(page.state.pending.offer, 'save_only');
  assert.deepEqual(page.send('carry-on'), []);
  page.send('save-stored');
  assert.equal(page.state.screen, 'start');
  assert.deepEqual(page.send('start', { clientId: 'c-3' }), []); // not while it is sent
  const effects = page.send('saved', { outcome: 'sent' });
  assert.deepEqual(effects, [{ type: 'offer-close', message: LABELS.resumeSaved, outcome: 'sent', focus: true }]);
  assert.equal(page.state.pending, null);
  page.send('start', { clientId: 'c-3' });
  assert.equal(page.state.clientId, 'c-3');
  assert.equal(page.current.id, BOTH.steps[0].id);

  const waiting = reopened(before.kept, 'save_only').page;
  waiting.send('save-stored');
  assert.equal(waiting.send('saved', { outcome: 'retry' })[0].message, LABELS.resumeWaiting);
});

test('discard and start again send nothing of the old session', () => {
  const before = playALittle();
  const discarded = reopened(before.kept, 'save_only').page;
  discarded.send('discard');
  const closing = { type: 'offer-close', message: LABELS.resumeDiscarded, focus: true };
  assert.deepEqual(discarded.log.slice(1), [{ type: 'forget' }, closing]);
  assert.equal(discarded.state.pending, null);

  const restarted = reopened(before.kept, 'carry_on').page;
  restarted.send('start-again', { clientId: 'c-4' });
  assert.deepEqual(restarted.log.slice(1, 3), [{ type: 'forget' }, { type: 'offer-close', message: '' }]);
  assert.equal(restarted.state.clientId, 'c-4');
  assert.equal(restarted.current.id, RIGHT.steps[0].id);
  assert.deepEqual(restarted.state.answers, []);
  restarted.send('answer', { change: 'less', extent: 'none', pain: 1 });
  restarted.send('end');
  restarted.send('end-close', { confirm: true });
  restarted.send('finish', { pain: 0 });
  assert.equal(restarted.report.client_id, 'c-4');
  assert.equal(restarted.of('save').length, 1);
});
