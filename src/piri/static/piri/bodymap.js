// The body picture (templates/piri/bodymap.html): "how far down does the numbness or tingling
// reach?" answered by tapping the lowest point on a picture of the back of the hips and legs.
//
//   import { wireBodyMap } from './bodymap.js';
//   const map = wireBodyMap(document.getElementById('check-map'), ({ extent, leg, name }) => ...);
//   map.value      // 'none' | 'buttock' | 'thigh' | 'below_knee' | 'foot' | null
//   map.leg        // 'left' | 'right' | null (null for 'none')
//   map.reset(); map.set('thigh', 'right'); map.highlight('left' | 'right' | null);
//
// Every region is a focusable role="button" with aria-pressed; Enter and Space choose it, as
// for a real button. The chosen region is hatched and outlined, and a text line says what is
// chosen ("Selected: back of thigh"), so the state never depends on colour alone.
//
// In a form (the template's `bodymap_field`), the page has radio buttons for the extent that
// work without JavaScript: wiring hides them, shows the picture, starts from the checked radio
// and checks the radio of every choice made on the picture, so the form posts it.

const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

/**
 * Wire one body picture. `onChange({extent, leg, name})` hears every choice.
 * Returns a small controller; calling it twice on the same element returns the same one.
 */
export function wireBodyMap(root, onChange = () => {}) {
  if (root.bodyMap) return root.bodyMap;
  const words = root.dataset;
  const controls = () => [...root.querySelectorAll('[data-extent]')];
  const selectedLine = root.querySelector('.bodymap-selected');
  const sideLine = root.querySelector('.bodymap-side');
  const fallback = root.querySelector('.bodymap-fallback');
  const radios = fallback ? [...fallback.querySelectorAll('input[type=radio]')] : [];
  let value = null;
  let leg = null;

  function render() {
    let name = '';
    for (const el of controls()) {
      const on = el.dataset.extent === value && (value === 'none' || el.dataset.leg === leg);
      el.setAttribute('aria-pressed', String(on));
      el.classList.toggle('is-selected', on);
      if (on) name = el.dataset.name || el.dataset.extent;
    }
    root.dataset.value = value ?? '';
    for (const radio of radios) radio.checked = radio.value === value;
    if (selectedLine) selectedLine.textContent = value ? fmt(words.selected, { name }) : words.nothing || '';
  }

  function choose(el) {
    if (el.closest('[hidden]')) return;
    value = el.dataset.extent;
    leg = value === 'none' ? null : el.dataset.leg || null;
    render();
    onChange({ extent: value, leg, name: el.dataset.name || value });
  }

  root.addEventListener('click', (event) => {
    const el = event.target.closest('[data-extent]');
    if (el && root.contains(el)) choose(el);
  });
  root.addEventListener('keydown', (event) => {
    const el = event.target.closest?.('.bodymap-region');
    if (!el || !root.contains(el)) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault(); // Space would scroll the page (or pause the player)
      choose(el);
    }
  });

  const controller = {
    get value() {
      return value;
    },
    get leg() {
      return leg;
    },
    /** Forget the choice. */
    reset() {
      value = null;
      leg = null;
      render();
    },
    /** Show a choice made elsewhere (no onChange). */
    set(extent, side = null) {
      value = extent ?? null;
      leg = extent && extent !== 'none' ? side || 'right' : null;
      render();
    },
    /** Highlight the leg being worked ('left' / 'right'), or both legs (null). */
    highlight(side) {
      const one = side === 'left' || side === 'right';
      for (const g of root.querySelectorAll('.bodymap-leg, .bodymap-leg-name')) {
        g.classList.toggle('is-affected', !one || g.dataset.leg === side);
      }
      root.classList.toggle('one-side', one);
      if (sideLine) {
        const text = one ? words[side === 'left' ? 'sideLeft' : 'sideRight'] : words.sideBoth;
        sideLine.textContent = text || '';
        sideLine.hidden = !text;
      }
    },
    /** Offer only these extents (a plan's `extents`); the others are hidden. */
    allow(extents) {
      for (const el of controls()) el.toggleAttribute('hidden', !extents.includes(el.dataset.extent));
    },
  };
  root.bodyMap = controller;
  if (fallback) {
    const checked = radios.find((radio) => radio.checked);
    if (checked) {
      value = checked.value;
      leg = value === 'none' ? null : root.dataset.leg || 'right';
    }
    fallback.hidden = true;
    root.querySelector('.bodymap-live')?.removeAttribute('hidden');
  }
  render();
  controller.highlight(null);
  return controller;
}
