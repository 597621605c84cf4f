// figure.js moves the demonstration figures with the server's arithmetic: the same shapes for
// every key pose as piri.charts.figure draws (fixtures/figures.json), limbs that keep their
// length in between, and poses that follow the step's clock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LOOP_MS, between, createFigures, joints, poseAt, shapes } from '../../src/piri/static/piri/figure.js';

const DATA = JSON.parse(readFileSync(new URL('./fixtures/figures.json', import.meta.url), 'utf8'));
const close = (a, b) => Math.abs(a - b) <= 0.011;
const distance = ([ax, ay], [bx, by]) => Math.hypot(ax - bx, ay - by);

test('every key pose of every figure gives the shapes the server draws', () => {
  let compared = 0;
  for (const [item, figure] of Object.entries(DATA.figures)) {
    for (const [name, pose] of Object.entries(figure.poses)) {
      const ours = shapes(DATA, figure, pose);
      const theirs = DATA.shapes[item][name];
      assert.deepEqual(ours.map((s) => s.part), theirs.map((s) => s.part), `${item} ${name}`);
      ours.forEach((shape, i) => {
        for (const [key, value] of Object.entries(theirs[i])) {
          if (typeof value === 'number') assert.ok(close(shape[key], value), `${item} ${name} ${shape.part}.${key}: ${shape[key]} != ${value}`);
          else assert.equal(shape[key], value);
        }
        compared += 1;
      });
    }
  }
  assert.ok(compared > 400);
});

test('limbs keep their length on the way between two poses', () => {
  const { body } = DATA;
  const { poses } = DATA.figures.figure4_chair;
  for (const u of [0, 0.25, 0.5, 0.9, 1]) {
    const p = between(poses.press, poses.relax, u);
    const j = joints(body, p);
    assert.ok(close(distance(j.hip, j.shoulder), body.trunk));
    assert.ok(close(distance(j.shoulder, j.elbow), body.upper_arm));
    assert.ok(close(distance(j.elbow, j.hand), body.lower_arm));
    const thigh = body.thigh * Math.cos((p.thigh_turn * Math.PI) / 180);
    assert.ok(close(distance(j.hip, j.knee), thigh));
    assert.ok(close(distance(j.other_knee, j.other_ankle), body.shin));
  }
});

test('a relax eases from the press to the deeper pose with the step clock, and stops when paused', () => {
  const figure = DATA.figures.figure4_lying;
  const show = { pose: 'relax', from: 'press', motion: 'ease', duration: 10000, elapsed: 0, at: 1000, running: true };
  assert.deepEqual(poseAt(figure, show, 1000), figure.poses.press);
  const half = poseAt(figure, show, 6000);
  assert.ok(close(half.hip, (figure.poses.press.hip + figure.poses.relax.hip) / 2));
  assert.deepEqual(poseAt(figure, show, 11000), figure.poses.relax);
  assert.deepEqual(poseAt(figure, show, 99000), figure.poses.relax);
  const paused = { ...show, elapsed: 5000, running: false };
  assert.deepEqual(poseAt(figure, paused, 1000), poseAt(figure, paused, 50000)); // the clock stopped
  assert.ok(close(poseAt(figure, paused, 0).hip, half.hip));
});

test('a massage goes to and fro; a still pose is the pose', () => {
  const figure = DATA.figures.foam_roller;
  const show = { pose: 'massage', from: 'massage_to', motion: 'loop', duration: 60000, elapsed: 0, at: 0, running: true };
  assert.deepEqual(poseAt(figure, show, 0), figure.poses.massage);
  assert.ok(close(poseAt(figure, show, LOOP_MS / 2).x, figure.poses.massage_to.x));
  assert.ok(close(poseAt(figure, show, LOOP_MS).x, figure.poses.massage.x));
  const still = { pose: 'start', from: null, motion: 'still', duration: 30000, elapsed: 0, at: 0, running: true };
  assert.deepEqual(poseAt(figure, still, 12345), figure.poses.start);
});

// A tiny stand-in for the page: elements with attributes, found by data-part.
class El {
  constructor(dataset = {}) {
    this.dataset = dataset;
    this.attrs = {};
    this.hidden = false;
    this.children = [];
  }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  removeAttribute(k) { delete this.attrs[k]; }
  toggleAttribute(k, on) { if (on) this.attrs[k] = ''; else delete this.attrs[k]; }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
  querySelectorAll(sel) {
    const found = [];
    const walk = (el) => {
      for (const c of el.children) {
        if (c.matches(sel)) found.push(c);
        walk(c);
      }
    };
    walk(this);
    return found;
  }
  matches(sel) {
    if (sel === 'svg.figure[data-item]') return this.kind === 'svg';
    if (sel === '[data-part]') return 'part' in this.dataset;
    if (sel === '.figure-scene') return this.kind === 'scene';
    if (sel === '.figure-label') return this.kind === 'label';
    return false;
  }
}

function page(item) {
  const root = new El();
  const svg = Object.assign(new El({ item, labelRight: '10 end', labelLeft: '90 start' }), { kind: 'svg' });
  const scene = Object.assign(new El(), { kind: 'scene' });
  const label = Object.assign(new El(), { kind: 'label' });
  scene.children = DATA.order.map((part) => new El({ part }));
  svg.children = [scene, label];
  root.children = [svg];
  return { root, svg, scene, label, part: (name) => scene.children.find((c) => c.dataset.part === name) };
}

test('the page shows the step\'s figure, mirrored for the left side, and hides it on a check', () => {
  globalThis.window = { matchMedia: () => ({ matches: false }) };
  const { root, svg, scene, label, part } = page('figure4_chair');
  let t = 0;
  const frames = [];
  const figures = createFigures(root, DATA, { now: () => t, frame: (fn) => frames.push(fn) });
  const base = { figure: 'figure4_chair', from: null, duration: 10000, elapsed: 0, at: 0, running: true };
  figures.show({ ...base, side: 'right', pose: 'press', motion: 'still' });
  assert.equal(root.hidden, false);
  assert.equal(svg.dataset.pose, 'press');
  assert.ok('data-working' in svg.attrs); // the buttock pulses while pressing
  assert.equal(scene.attrs.transform, undefined);
  assert.equal(label.attrs.x, '10');

  figures.show({ ...base, side: 'left', pose: 'relax', from: 'press', motion: 'ease' });
  assert.equal(scene.attrs.transform, DATA.figures.figure4_chair.mirror);
  assert.deepEqual([label.attrs.x, label.attrs['text-anchor']], ['90', 'start']);
  assert.ok(!('data-working' in svg.attrs));
  const knee = () => Number(part('thigh').attrs.x2);
  const atStart = knee();
  t = 5000;
  frames.shift()();
  const midway = knee();
  t = 10000;
  while (frames.length) frames.shift()();
  assert.ok(atStart !== midway && midway !== knee(), 'the knee moves across the relax');

  figures.show({ figure: null });
  assert.equal(root.hidden, true);
  delete globalThis.window;
});

test('with reduced motion a relax shows its deeper pose at once and nothing moves', () => {
  globalThis.window = { matchMedia: (q) => ({ matches: q.includes('reduce') }) };
  const { root, part } = page('figure4_chair');
  const frames = [];
  const figures = createFigures(root, DATA, { now: () => 0, frame: (fn) => frames.push(fn) });
  figures.show({ figure: 'figure4_chair', side: 'right', pose: 'relax', from: 'press', motion: 'ease', duration: 10000, elapsed: 0, at: 0, running: true });
  assert.equal(frames.length, 0);
  const relax = shapes(DATA, DATA.figures.figure4_chair, DATA.figures.figure4_chair.poses.relax);
  assert.equal(Number(part('thigh').attrs.x2), relax.find((s) => s.part === 'thigh').x2);
  delete globalThis.window;
});

test('one animation frame is asked for at a time, however often the figure is shown', () => {
  globalThis.window = { matchMedia: () => ({ matches: false }) };
  const { root } = page('foam_roller');
  const frames = [];
  let t = 0;
  const figures = createFigures(root, DATA, { now: () => t, frame: (fn) => frames.push(fn) });
  const rolling = { figure: 'foam_roller', side: 'right', pose: 'massage', from: 'massage_to', motion: 'loop', duration: 60000, elapsed: 0, at: 0, running: true };
  for (let i = 0; i < 5; i += 1) figures.show({ ...rolling, at: t });
  assert.equal(frames.length, 1);
  for (let i = 0; i < 10; i += 1) {
    t += 16;
    frames.shift()();
    assert.equal(frames.length, 1); // a massage keeps moving: one frame after another
  }
  figures.show({ ...rolling, running: false, elapsed: t, at: t }); // paused
  frames.shift()();
  assert.equal(frames.length, 0);
  delete globalThis.window;
});
