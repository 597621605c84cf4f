// Drawing the session player (templates/piri/session.html) from the session machine's state,
// and reading what the patient chose on its forms. DOM only: what happens next is decided by
// session-machine.js; player.js passes its effects on to these functions.

import { wireBodyMap } from './bodymap.js';
import { createFigures } from './figure.js';
import { DEFAULT_EXTENTS } from './checks.js';
import { fmt, setLabel, sideLabel } from './session-machine.js';
import { shownSeconds } from './clock.js';

const $ = (id) => document.getElementById(id);
const SCREENS = ['start', 'step', 'check', 'finish', 'done'];

function chosen(group) {
  if (!group || group.hidden) return undefined;
  const b = group.querySelector('.choice-button[aria-pressed=true]');
  return b ? b.dataset.value : undefined;
}

function resetChoices(group) {
  for (const b of group.querySelectorAll('.choice-button')) b.setAttribute('aria-pressed', 'false');
}

function hideError(inside) {
  const error = inside && inside.closest('.screen, dialog')?.querySelector('.error');
  if (error) error.hidden = true;
}

function buildPainScales() {
  const template = $('pain-button-template');
  for (const scale of document.querySelectorAll('.pain-scale')) {
    for (let n = 0; n <= 10; n += 1) {
      const button = template.content.firstElementChild.cloneNode(true);
      button.dataset.value = String(n);
      button.textContent = String(n);
      scale.append(button);
    }
  }
}

/** Show `text` in `box`, or hide the box when there is none. */
function showNotice(box, text) {
  box.textContent = text;
  box.hidden = !text;
}

/** The player's screens for `root` (#player), playing `plan` with the words `L`. */
export function createView(root, plan, L) {
  const steps = plan.steps;
  const checkMap = wireBodyMap($('check-map'), () => hideError($('check-extent')));
  const worseMap = wireBodyMap($('worse-map'), () => hideError($('worse-extent')));
  checkMap.allow(plan.extents || DEFAULT_EXTENTS);
  worseMap.allow(plan.extents || DEFAULT_EXTENTS);
  buildPainScales();
  // The session's first check is a baseline: how things are now, with nothing to compare with yet
  // (no less / same / more; the report stores "same"). Later checks keep the comparison.
  const baselineId = (steps.find((st) => st.kind === 'check') || {}).id;
  const extentLegend = $('check-extent').querySelector('legend');
  const extentAsked = extentLegend.textContent;
  let isBaseline = false;
  const figures = createFigures($('step-figure'), JSON.parse($('piri-figures').textContent || '{"figures": {}}'));

  document.addEventListener('click', (event) => {
    const button = event.target.closest('.choice-button');
    if (!button || button.closest('[data-bodymap]')) return; // the body picture keeps its own state
    const group = button.closest('.answer-group');
    if (!group) return;
    for (const b of group.querySelectorAll('.choice-button')) b.setAttribute('aria-pressed', String(b === button));
    hideError(group);
  });

  function show(screen) {
    window.scrollTo(0, 0);
    for (const name of SCREENS) $(`screen-${name}`).hidden = name !== screen;
    $('controls').hidden = !(screen === 'step' || screen === 'check');
    $('pause-button').hidden = screen !== 'step';
    if (screen !== 'step') {
      $('ready-button').hidden = true;
      $('worse-button').hidden = true;
    }
    document.body.classList.toggle('is-playing', screen === 'step' || screen === 'check' || screen === 'finish');
    root.dataset.screen = screen;
  }

  function focusHeading(screen) {
    const active = document.activeElement;
    if (active && active !== document.body && active.offsetParent !== null && !active.closest('[hidden]')) return;
    const heading = $(`screen-${screen}`).querySelector('h1');
    if (heading) heading.focus({ preventScroll: false });
  }

  function paused(on) {
    $('pause-button').textContent = on ? L.resume : L.pause;
    $('pause-button').setAttribute('aria-pressed', String(on));
    $('paused-flag').hidden = !on;
    root.classList.toggle('is-paused', on);
  }

  function renderStep(step, count, notice, worse, index) {
    $('step-phase').textContent = L[`phase${step.phase[0].toUpperCase()}${step.phase.slice(1)}`] || '';
    $('step-count').textContent = count;
    $('step-progress').value = steps.length > 1 ? index / (steps.length - 1) : 1;
    $('step-title').textContent = step.title;
    const side = sideLabel(step, L);
    $('step-side').textContent = side;
    $('step-side').hidden = !side;
    const set = setLabel(step, L);
    $('step-set').textContent = set;
    $('step-set').hidden = !set;
    $('step-text').textContent = step.text;
    $('step-feel').textContent = step.feel;
    $('step-feel-wrap').hidden = !step.feel;
    $('ready-button').hidden = step.kind !== 'instruction';
    const howto = step.kind === 'instruction' && step.item && root.dataset.howtoUrl;
    $('step-howto-wrap').hidden = !howto;
    if (howto) $('step-howto').href = root.dataset.howtoUrl.replace('ITEM', step.item);
    const filmed = howto && (root.dataset.videoItems || '').split(' ').includes(step.item);
    $('step-video-wrap').hidden = !filmed;
    if (filmed) $('step-video').href = `${root.dataset.howtoUrl.replace('ITEM', step.item)}#clinic-video`;
    $('worse-button').hidden = !worse;
    window.scrollTo(0, 0);
    showNotice($('branch-notice'), notice);
    root.dataset.kind = step.kind;
    paused(false);
    $('countdown').textContent = String(shownSeconds(step.duration_s * 1000));
  }

  function renderCheck(step, count, notice) {
    $('check-count').textContent = count;
    $('check-title').textContent = step.title;
    $('check-text').textContent = step.text;
    for (const id of ['check-change', 'check-pain']) resetChoices($(id));
    checkMap.reset();
    checkMap.highlight(step.side);
    $('check-pain').hidden = !step.ask_pain;
    isBaseline = step.id === baselineId;
    $('check-change').hidden = isBaseline;
    extentLegend.textContent = isBaseline ? L.extentNow : extentAsked;
    root.dataset.baseline = String(isBaseline);
    $('check-error').hidden = true;
    showNotice($('check-notice'), notice);
  }

  function renderFinish(step, notice) {
    $('finish-title').textContent = step.title || $('finish-title').textContent;
    $('finish-text').textContent = step.text;
    showNotice($('finish-notice'), notice);
  }

  return {
    show,
    paused,

    /** Draw a screen afresh for step `index`, with `notice` (a branch cue) and maybe "Tingling worse?". */
    render({ screen, index, notice = '', worse = false }) {
      show(screen);
      const step = steps[index];
      const count = fmt(L.stepOf, { n: index + 1, total: steps.length });
      if (screen === 'step') renderStep(step, count, notice, worse, index);
      else if (screen === 'check') renderCheck(step, count, notice);
      else if (screen === 'finish') renderFinish(step, notice);
      focusHeading(screen);
    },

    /** The session machine's `figure` effect: the step's figure, side, pose and movement. */
    figure: (effect) => figures.show(effect),

    countdown(seconds) {
      $('countdown').textContent = String(seconds);
    },

    /** A branch cue said during a step, shown on it now. */
    notice(text) {
      showNotice($('branch-notice'), text);
    },

    announce(text) {
      const box = $('announcer');
      box.textContent = '';
      // a fresh text node makes screen readers read it even when it repeats
      setTimeout(() => {
        box.textContent = text;
      }, 50);
    },

    /** "Please answer each question first" on the check, the worse dialog or the finish. */
    incomplete(form) {
      $(`${form}-error`).textContent = L.answerFirst;
      $(`${form}-error`).hidden = false;
    },

    readCheck: () => ({ change: isBaseline ? 'same' : chosen($('check-change')), extent: checkMap.value, pain: chosen($('check-pain')) }),
    readWorse: () => ({ change: chosen($('worse-change')), extent: worseMap.value }),
    readFinish: () => ({ pain: chosen($('finish-pain')), helped: chosen($('finish-helped')) }),

    openWorse(side) {
      resetChoices($('worse-change'));
      worseMap.reset();
      worseMap.highlight(side);
      $('worse-error').hidden = true;
      $('worse-dialog').showModal();
    },

    closeWorse: () => $('worse-dialog').close('answer'),

    openEnd() {
      $('end-dialog').returnValue = '';
      $('end-dialog').showModal();
    },

    saveState(outcome) {
      const words = { saving: L.saving, sent: L.saved, offline: L.offline, retry: L.retry };
      const text = { ...words, signed_out: L.signedOut, rejected: L.rejected }[outcome];
      const box = $('save-state');
      box.textContent = text || '';
      box.dataset.state = outcome;
      root.dataset.saveState = outcome;
    },

    /** Offer what can be done with an unfinished session kept on the phone. */
    showOffer({ record, offer }, planId) {
      const started = new Date(Number(record.started_ms));
      const time = started.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const date = started.toLocaleDateString([], { day: 'numeric', month: 'long' });
      let text;
      if (offer === 'carry_on') text = fmt(L.resumeSame, { time, n: record.index + 1, total: steps.length });
      else if (record.plan_id !== planId) text = fmt(L.resumeOther, { time, date });
      else text = fmt(L.resumeOld, { time, date });
      $('resume-text').textContent = text;
      $('resume-carry-on').hidden = offer !== 'carry_on';
      $('resume-restart').hidden = offer !== 'carry_on';
      $('resume-discard').hidden = offer === 'carry_on';
      $('resume-offer').hidden = false;
      $('start-button').hidden = true;
      root.dataset.offer = offer;
    },

    hideOffer: () => {
      $('resume-offer').hidden = true;
    },

    closeOffer({ message = '', outcome = null, focus = false }) {
      $('resume-offer').hidden = true;
      $('start-button').hidden = false;
      $('resume-result').textContent = message;
      $('resume-result').hidden = !message;
      delete root.dataset.offer;
      if (outcome) root.dataset.saveState = outcome;
      if (focus) $('start-button').focus();
    },

    showWaiting(count) {
      const box = $('waiting-state');
      box.textContent = count ? L.waiting : '';
      box.hidden = !count;
    },
  };
}
