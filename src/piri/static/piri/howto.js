// The "How to do it" page (templates/piri/howto.html): the item's figure goes through its key
// poses in a loop — get into position, press, relax and draw in (or hold; or massage to and
// fro) — with a button to stop and restart the movement. With prefers-reduced-motion it stays
// still: the page shows every key pose as a still picture anyway.

import { createFigures } from './figure.js';

const box = document.getElementById('howto-figure');
const data = JSON.parse(document.getElementById('piri-figures').textContent);
const item = box.dataset.item;
const side = box.dataset.side;
const poses = Object.keys(data.figures[item]?.poses || {});
const figures = createFigures(box, data);
const button = document.getElementById('howto-motion');
const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

let sequence;
if (poses.includes('press')) {
  sequence = [
    { pose: 'start', ms: 2000 },
    { pose: 'press', ms: 3000 },
    { pose: 'relax', from: 'press', motion: 'ease', ms: 3000 },
    { pose: 'relax', ms: 1500 },
  ];
} else if (poses.includes('hold')) {
  sequence = [{ pose: 'start', ms: 2000 }, { pose: 'hold', ms: 3000 }];
} else {
  sequence = [{ pose: 'massage', from: poses.includes('massage_to') ? 'massage_to' : null, motion: 'loop', ms: 8000 }];
}

let index = 0;
let timer = null;
let began = 0;

function show(running, elapsed = 0) {
  const part = sequence[index % sequence.length];
  figures.show({
    figure: item, side, pose: part.pose, from: part.from || null, motion: part.motion || 'still',
    duration: part.ms, elapsed, at: performance.now(), running,
  });
}

function play() {
  began = performance.now();
  show(true);
  timer = setTimeout(() => {
    index += 1;
    play();
  }, sequence[index % sequence.length].ms);
}

function stop() {
  clearTimeout(timer);
  timer = null;
  show(false, performance.now() - began);
}

if (!reduced && poses.length) {
  button.hidden = false;
  button.addEventListener('click', () => {
    const moving = timer !== null;
    if (moving) stop();
    else play();
    button.textContent = moving ? button.dataset.start : button.dataset.stop;
  });
  button.dataset.stop = button.textContent;
  play();
} else {
  show(false);
}
