// Demonstration figures: moving a drawn person (templates/piri/figure.html) between key poses.
//
// The server draws each figure in its start pose (piri.charts.figure) and gives this module the
// body's measures and every key pose as JSON (`figure_data`, `body_data`). Moving is done here:
// the joint angles are interpolated and turned into points with the same arithmetic as the
// server's (forward kinematics: each segment hangs from its parent at its angle), and the
// SVG's lines, circles and ellipses get the new numbers on each animation frame. The left side
// is the same picture mirrored by the scene's `transform`. With `prefers-reduced-motion` the
// figure only ever shows still key poses. tests/js/figure.test.mjs checks the arithmetic
// against the server's shapes.

export const TRANSITION_MS = 600; // a still pose is reached in this long from the last one
export const LOOP_MS = 4000; // one to-and-fro of a massage

const rad = (deg) => (deg * Math.PI) / 180;
const r2 = (v) => Math.round(v * 100) / 100 + 0; // + 0: never -0
const along = ([x, y], deg, length) => [x + Math.cos(rad(deg)) * length, y + Math.sin(rad(deg)) * length];
const svgPoint = ([x, y]) => [r2(x), r2(-y)];

/** Each segment's direction in the picture, degrees counter-clockwise from pointing right. */
export function directions(p) {
  const out = { trunk: p.trunk, head: p.trunk - p.neck };
  for (const side of ['', 'other_']) {
    const upper = p.trunk + 180 + p[`${side}shoulder`];
    const thigh = p.trunk + 180 + p[`${side}hip`];
    const shin = thigh - p[`${side}knee`];
    out[`${side}upper_arm`] = upper;
    out[`${side}lower_arm`] = upper + p[`${side}elbow`];
    out[`${side}thigh`] = thigh;
    out[`${side}shin`] = shin;
    out[`${side}foot`] = shin + 90 + p[`${side}ankle`];
  }
  return out;
}

/** Where each joint is (picture units, y up). */
export function joints(body, p) {
  const d = directions(p);
  const hip = [p.x, p.y];
  const shoulder = along(hip, d.trunk, body.trunk);
  const neck = along(shoulder, d.head, body.neck);
  const out = { hip, shoulder, neck, head: along(neck, d.head, body.head_r) };
  for (const side of ['', 'other_']) {
    const elbow = along(shoulder, d[`${side}upper_arm`], body.upper_arm);
    const knee = along(hip, d[`${side}thigh`], body.thigh * Math.cos(rad(p[`${side}thigh_turn`])));
    const ankle = along(knee, d[`${side}shin`], body.shin * Math.cos(rad(p[`${side}shin_turn`])));
    out[`${side}elbow`] = elbow;
    out[`${side}hand`] = along(elbow, d[`${side}lower_arm`], body.lower_arm);
    out[`${side}knee`] = knee;
    out[`${side}ankle`] = ankle;
    out[`${side}toe`] = along(ankle, d[`${side}foot`], body.foot);
  }
  return out;
}

/** The middle of the highlighted part: behind the hip (buttock) or on its outer side. */
export function spotCentre(body, p, feelAt) {
  const side = feelAt === 'buttock' ? p.trunk + 90 : p.trunk - 90;
  return along(along([p.x, p.y], side, body.spot_out), p.trunk, -body.spot_down);
}

const line = (part, a, b) => {
  const [x1, y1] = svgPoint(a);
  const [x2, y2] = svgPoint(b);
  return { part, kind: 'line', x1, y1, x2, y2 };
};
const circle = (part, c, r) => {
  const [cx, cy] = svgPoint(c);
  return { part, kind: 'circle', cx, cy, r };
};
const ellipse = (part, c, rx, ry, trunk) => {
  const [cx, cy] = svgPoint(c);
  return { part, kind: 'ellipse', cx, cy, rx, ry, angle: r2(-trunk) };
};

/** The moving parts of `figure` in pose `p`, back to front, as piri.charts.figure.shapes. */
export function shapes({ body, order }, figure, p) {
  const j = joints(body, p);
  const d = directions(p);
  const parts = {};
  for (const side of ['', 'other_']) {
    parts[`${side}upper_arm`] = line(`${side}upper_arm`, j.shoulder, j[`${side}elbow`]);
    parts[`${side}lower_arm`] = line(`${side}lower_arm`, j[`${side}elbow`], j[`${side}hand`]);
    parts[`${side}hand`] = circle(`${side}hand`, j[`${side}hand`], body.hand_r);
    parts[`${side}thigh`] = line(`${side}thigh`, j.hip, j[`${side}knee`]);
    parts[`${side}shin`] = line(`${side}shin`, j[`${side}knee`], j[`${side}ankle`]);
    parts[`${side}foot`] = line(`${side}foot`, j[`${side}ankle`], j[`${side}toe`]);
  }
  parts.trunk = line('trunk', j.hip, j.shoulder);
  parts.pelvis = ellipse('pelvis', along(j.hip, d.trunk + 90, body.pelvis_back), body.pelvis_rx, body.pelvis_ry, d.trunk);
  parts.neck = line('neck', j.shoulder, j.neck);
  parts.head = circle('head', j.head, body.head_r);
  const spot = spotCentre(body, p, figure.feel_at);
  parts.leader = line('leader', figure.label, spot);
  parts.spot = ellipse('spot', spot, body.spot_rx, body.spot_ry, d.trunk);
  const out = order.map((name) => parts[name]);
  if (figure.gun) {
    const [cx, cy] = svgPoint(j.hand);
    out.push({ part: 'gun', kind: 'gun', cx, cy, angle: r2(-(d.lower_arm + 90)) });
  }
  return out;
}

/** The pose `u` of the way (0..1) from `a` to `b`. */
export function between(a, b, u) {
  const out = {};
  for (const key of Object.keys(a)) out[key] = a[key] + (b[key] - a[key]) * u;
  return out;
}

const smooth = (u) => u * u * (3 - 2 * u); // eased in and out
const clamp01 = (u) => Math.min(1, Math.max(0, u));

/**
 * The angles a figure has at time `t` (performance.now()) while showing `show`, the session
 * machine's `figure` effect: {pose, from, motion, duration (ms), elapsed (ms of the step by
 * `at`), at, running}. `still` poses are handled by the caller (a short move from the last one).
 */
export function poseAt(figure, show, t) {
  const to = figure.poses[show.pose];
  const from = show.from ? figure.poses[show.from] : null;
  if (!from || show.motion === 'still') return to;
  const lived = show.elapsed + (show.running ? Math.max(0, t - show.at) : 0);
  if (show.motion === 'ease') return between(from, to, smooth(clamp01(lived / show.duration)));
  // loop: from `pose` to `from` and back, once every LOOP_MS
  return between(to, from, (1 - Math.cos((2 * Math.PI * lived) / LOOP_MS)) / 2);
}

const fmt = (v) => String(r2(v));

function draw(svg, parts, list) {
  for (const s of list) {
    const el = parts[s.part];
    if (!el) continue;
    if (s.kind === 'line') {
      el.setAttribute('x1', fmt(s.x1));
      el.setAttribute('y1', fmt(s.y1));
      el.setAttribute('x2', fmt(s.x2));
      el.setAttribute('y2', fmt(s.y2));
    } else if (s.kind === 'circle') {
      el.setAttribute('cx', fmt(s.cx));
      el.setAttribute('cy', fmt(s.cy));
    } else if (s.kind === 'ellipse') {
      el.setAttribute('cx', fmt(s.cx));
      el.setAttribute('cy', fmt(s.cy));
      el.setAttribute('transform', `rotate(${fmt(s.angle)} ${fmt(s.cx)} ${fmt(s.cy)})`);
    } else if (s.kind === 'gun') {
      el.setAttribute('transform', `translate(${fmt(s.cx)} ${fmt(s.cy)}) rotate(${fmt(s.angle)})`);
    }
  }
}

const reducedMotion = () => Boolean(window.matchMedia?.('(prefers-reduced-motion: reduce)').matches);

/**
 * The figures inside `root` (each an `svg.figure[data-item]` from figure.html), moved with the
 * data of `json` ({body, order, figures: {item: figure_data}}). Returns {show(effect)}: show
 * the effect's figure for its side, in its pose, moving as it says (`figure: null` hides them).
 */
export function createFigures(root, json, { now = () => performance.now(), frame = (fn) => requestAnimationFrame(fn) } = {}) {
  const figures = {};
  for (const svg of root.querySelectorAll('svg.figure[data-item]')) {
    const item = svg.dataset.item;
    if (!json.figures[item] || figures[item]) continue;
    const parts = {};
    for (const el of svg.querySelectorAll('[data-part]')) parts[el.dataset.part] = el;
    figures[item] = { svg, parts, data: json.figures[item], drawn: json.figures[item].poses.start };
  }
  let active = null; // {fig, show, tween: {from, start}|null}
  let waiting = false;

  function side(fig, name) {
    const scene = fig.svg.querySelector('.figure-scene');
    const labels = fig.svg.querySelectorAll('.figure-label'); // the words and their white halo
    if (name === 'left') scene.setAttribute('transform', fig.data.mirror);
    else scene.removeAttribute('transform');
    const [x, anchor] = (fig.svg.dataset[name === 'left' ? 'labelLeft' : 'labelRight'] || '').split(' ');
    if (x) {
      for (const label of labels) {
        label.setAttribute('x', x);
        label.setAttribute('text-anchor', anchor);
      }
    }
    const alt = fig.svg.dataset[name === 'left' ? 'altLeft' : 'altRight'];
    const title = fig.svg.querySelector('title');
    if (alt && title) title.textContent = alt;
    fig.svg.dataset.side = name === 'left' ? 'left' : 'right';
  }

  function render(fig, pose) {
    fig.drawn = pose;
    draw(fig.svg, fig.parts, shapes(json, fig.data, pose));
  }

  /** Draw the active figure as it is now, and ask for a frame while it moves. */
  function update() {
    if (!active) return;
    const { fig, show, tween } = active;
    const t = now();
    const target = poseAt(fig.data, show, t);
    let moving = show.running && show.motion !== 'still' && Boolean(show.from);
    if (show.motion === 'ease' && show.elapsed + (t - show.at) >= show.duration) moving = false;
    if (tween) {
      const u = clamp01((t - tween.start) / TRANSITION_MS);
      render(fig, between(tween.from, target, smooth(u)));
      if (u < 1) moving = true;
      else active.tween = null;
    } else {
      render(fig, target);
    }
    if (moving && !waiting) {
      waiting = true; // one frame asked for at a time, however often show() is called
      frame(() => {
        waiting = false;
        update();
      });
    }
  }

  return {
    /** The session machine's `figure` effect (docs/player.md), or a page's own. */
    show(show) {
      for (const f of Object.values(figures)) f.svg.toggleAttribute('hidden', f.svg.dataset.item !== show?.figure);
      const fig = show && show.figure ? figures[show.figure] : null;
      root.hidden = !fig;
      if (!fig) {
        active = null;
        return;
      }
      side(fig, show.side);
      fig.svg.dataset.pose = show.pose;
      fig.svg.dataset.motion = show.motion;
      fig.svg.toggleAttribute('data-working', show.pose === 'press' || show.pose === 'hold');
      const reduced = reducedMotion();
      const shown = reduced ? { ...show, from: null, motion: 'still', running: false } : show;
      // a still pose is reached in a short move from the one drawn; another figure starts still
      const moveOver = !reduced && shown.motion === 'still' && active?.fig === fig;
      active = { fig, show: shown, tween: moveOver ? { from: fig.drawn, start: now() } : null };
      update();
    },
  };
}
