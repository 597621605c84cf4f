// A fake page for the session machine: a clock that only moves when told, timers that fire
// exactly when asked, and a log of every effect. Each state is deep-frozen before it is handed
// back to the machine, so any change to a state it was given throws (ES modules are strict).
//
// Fixture plans come from the real compiler: tests/unit/test_player_fixtures.py checks them and
// regenerates them (`uv run --frozen python -m tests.unit.test_player_fixtures`).

import { readFileSync } from 'node:fs';
import { initialState, step } from '../../src/piri/static/piri/session-machine.js';

export const loadPlan = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

/** The English words of the page, read from the template as the browser gets them. */
function templateLabels() {
  const html = readFileSync(new URL('../../src/piri/templates/piri/session.html', import.meta.url), 'utf8');
  const labels = {};
  const block = html.slice(html.indexOf('id="piri-labels"'), html.indexOf('</div>', html.indexOf('id="piri-labels"')));
  for (const [, name, text] of block.matchAll(/data-([a-z-]+)="\{% translate '([^']*)' %\}"/g)) {
    labels[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = text;
  }
  return labels;
}

export const LABELS = templateLabels();
export const PLAN_ID = '7d3c8a8e-4b1e-4c55-9a43-5b6f1b2d0c11';
export const T0 = 5000; // performance.now() at the first event
export const WALL0 = Date.UTC(2025, 2, 1, 9, 30); // Date.now() then

export function deepFreeze(value) {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

export class FakePage {
  constructor(plan, { painStopAbove = 5, planId = PLAN_ID, now = T0, wall = WALL0 } = {}) {
    this.plan = plan;
    this.state = deepFreeze(initialState(plan, { planId, labels: LABELS, painStopAbove }));
    this.now = now;
    this.wall = wall;
    this.timer = null; // performance.now() time of the one pending wake-up
    this.log = []; // every effect, in order
  }

  /** Send one event now; returns its effects. */
  send(type, fields = {}) {
    const before = this.state;
    const { state, effects } = step(before, { type, now: this.now, wall: this.wall, ...fields });
    this.state = deepFreeze(state);
    for (const effect of effects) if (effect.type === 'timer') this.timer = effect.at;
    this.log.push(...effects);
    return effects;
  }

  /** Let `ms` pass, waking the machine exactly at each time it asked for. */
  advance(ms) {
    const until = this.now + ms;
    while (this.timer !== null && this.timer <= until) {
      this.moveTo(this.timer);
      this.timer = null;
      this.send('tick');
    }
    this.moveTo(until);
  }

  /** Move the clock without waking anything (a frozen page). */
  moveTo(at) {
    this.wall += at - this.now;
    this.now = at;
  }

  get current() {
    return this.plan.steps[this.state.index];
  }

  of(type, from = 0) {
    return this.log.slice(from).filter((e) => e.type === type);
  }

  spoken(from = 0) {
    return this.of('speak', from).map((e) => e.text);
  }

  /** Press the right arrow until the step `id` is reached. */
  skipTo(id) {
    for (let n = 0; n < this.plan.steps.length && this.current.id !== id; n += 1) this.send('skip');
    if (this.current.id !== id) throw new Error(`never reached ${id}`);
  }

  /** The saved report (the one `save` effect there must be). */
  get report() {
    const saves = this.of('save');
    if (saves.length !== 1) throw new Error(`${saves.length} saves`);
    return saves[0].report;
  }

  /** The last record kept for the session in progress, as localStorage gives it back. */
  get kept() {
    const records = this.of('progress');
    return JSON.parse(JSON.stringify({ ...records.at(-1).record, format: 1 }));
  }
}

export const first = (plan, fields) => plan.steps.find((s) => Object.entries(fields).every(([k, v]) => s[k] === v));
export const indexOf = (plan, id) => plan.steps.findIndex((s) => s.id === id);
export const statusOf = (report) => Object.fromEntries(report.steps.map((s) => [s.step_id, s.status]));
