// Judging symptom-check answers (docs/player.md, "Checks and the dial-back branch").
// Pure functions of the plan and the answer: no DOM, no clock.

export const DEFAULT_EXTENTS = ['none', 'buttock', 'thigh', 'below_knee', 'foot'];
export const DEFAULT_PAIN_STOP_ABOVE = 5;

/**
 * What a check's answer means.
 *
 *   step      the plan's check step whose branches apply
 *   answer    {change, extent, pain}
 *   baseline  rank of the extent at the first answered check, or null (this answer sets it)
 *
 * Returns {branch, spread, painStop, baseline}: `branch` is the step's on_spread (reach spread
 * below the baseline) or on_worse ("more", or spread without an on_spread), or null;
 * `painStop` is true when pain was asked at an exercise's check and is above `painStopAbove`.
 */
export function judge(step, answer, { baseline, extents = DEFAULT_EXTENTS, painStopAbove = DEFAULT_PAIN_STOP_ABOVE }) {
  const rank = extents.indexOf(answer.extent);
  const base = baseline ?? rank;
  const spread = rank > base;
  let branch = null;
  if (spread && step.on_spread) branch = step.on_spread;
  else if ((answer.change === 'more' || spread) && step.on_worse) branch = step.on_worse;
  const painStop =
    Boolean(step.ask_pain) &&
    step.phase !== 'session' &&
    answer.pain !== null &&
    answer.pain !== undefined &&
    Number(answer.pain) > painStopAbove;
  return { branch, spread, painStop, baseline: base };
}

/** Indexes of the steps after `from` in `block` that a stop skips (never the finish). */
export function restOfBlock(steps, from, block) {
  const out = [];
  for (let j = from + 1; j < steps.length; j += 1) {
    if (steps[j].block === block && steps[j].kind !== 'finish') out.push(j);
  }
  return out;
}

/**
 * The check whose branches apply to a "Tingling worse?" answer during step `index`: the next
 * check of the same block (for a massage's first half that is the mid-massage check), else the
 * block's last check. -1 when the block has no check (then there is no such button).
 */
export function checkFor(steps, index) {
  const step = steps[index];
  if (!step || step.block === 'session') return -1;
  let last = -1;
  for (let j = 0; j < steps.length; j += 1) {
    if (steps[j].block !== step.block || steps[j].kind !== 'check') continue;
    if (j >= index) return j;
    last = j;
  }
  return last;
}
