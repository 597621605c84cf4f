// The session machine says what the demonstration figure shows (a `figure` effect): the
// step's item, side and key pose, how it moves, and the step clock it moves with.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakePage, first, loadPlan } from './harness.mjs';

const RIGHT = loadPlan('plan-right.json');
const BOTH = loadPlan('plan-both.json');
const figureOf = (effects) => effects.filter((e) => e.type === 'figure').at(-1);

test('a stretch round: still in position, pressing, easing further in, resting there', () => {
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  assert.equal(figureOf(page.log).figure, null); // the opening check has no figure
  const ready = first(RIGHT, { kind: 'get_ready', phase: 'stretch' });
  page.skipTo(ready.id);
  let shown = figureOf(page.log);
  assert.deepEqual(
    { figure: shown.figure, side: shown.side, pose: shown.pose, motion: shown.motion, running: shown.running },
    { figure: 'figure4_lying', side: 'right', pose: 'start', motion: 'still', running: true },
  );
  const mark = page.log.length;
  page.advance(ready.duration_s * 1000);
  shown = figureOf(page.log.slice(mark));
  assert.equal(page.current.kind, 'hold');
  assert.equal(shown.pose, 'press');
  page.advance(page.current.duration_s * 1000);
  shown = figureOf(page.log);
  assert.equal(page.current.kind, 'relax');
  assert.deepEqual([shown.pose, shown.from, shown.motion], ['relax', 'press', 'ease']);
  assert.equal(shown.duration, page.current.duration_s * 1000);
  assert.equal(shown.elapsed, 0);
  assert.equal(shown.at, page.now);
  page.advance(page.current.duration_s * 1000);
  assert.equal(page.current.kind, 'rest');
  assert.deepEqual([figureOf(page.log).pose, figureOf(page.log).motion], ['relax', 'still']);
});

test('pausing stops the figure where it is; resuming carries on from there', () => {
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  page.skipTo(first(RIGHT, { kind: 'relax' }).id);
  page.advance(4000);
  const paused = figureOf(page.send('toggle-pause'));
  assert.deepEqual([paused.pose, paused.running, paused.elapsed], ['relax', false, 4000]);
  page.moveTo(page.now + 60000);
  const resumed = figureOf(page.send('toggle-pause'));
  assert.deepEqual([resumed.running, resumed.elapsed, resumed.at], [true, 4000, page.now]);
});

test('"pause" (opening the how-to page) pauses a running step only', () => {
  const page = new FakePage(RIGHT);
  page.send('start', { clientId: 'c-1' });
  assert.deepEqual(page.send('pause'), []); // a check: nothing to pause
  page.skipTo(first(RIGHT, { kind: 'instruction', phase: 'stretch' }).id);
  assert.equal(figureOf(page.send('pause')).running, false);
  assert.deepEqual(page.send('pause'), []); // already paused: it stays paused
  assert.notEqual(page.state.clock.pausedAt, null);
});

test('a massage rolls to and fro; checks hide the figure; the other side is shown after the switch', () => {
  const page = new FakePage(BOTH);
  page.send('start', { clientId: 'c-1' });
  page.skipTo('foam_roller.left.massage.1');
  const rolling = figureOf(page.log);
  assert.deepEqual([rolling.figure, rolling.side, rolling.pose, rolling.from, rolling.motion],
    ['foam_roller', 'left', 'massage', 'massage_to', 'loop']);
  page.skipTo('foam_roller.left.check.during');
  assert.equal(figureOf(page.log).figure, null);
  page.skipTo('figure4_chair.right.switch');
  const switching = figureOf(page.log);
  assert.deepEqual([switching.figure, switching.side, switching.pose], ['figure4_chair', 'right', 'start']);
});
