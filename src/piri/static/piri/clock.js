// Time for the session player: absolute deadlines on the monotonic clock, never counted ticks.
//
// A step clock is plain data: when its step started, how long it has been paused so far, and
// since when it is paused now. Elapsed and remaining time are always worked out from a
// performance.now() time handed in, so a late or throttled timer callback never makes a hold
// longer or shorter: it only wakes the player up. Pausing and resuming return a new clock and
// leave the old one as it was, so the session machine can keep its clock in its state.

export const now = () => performance.now();

/**
 * @typedef {object} StepClock
 * @property {number} duration     planned length of the step, ms
 * @property {number} startAt      performance.now() time the step began
 * @property {number} pausedTotal  ms spent paused before the current pause
 * @property {number|null} pausedAt  performance.now() time of the current pause, or null
 */

/** @returns {StepClock} */
export function startClock(durationMs, startAt) {
  return { duration: durationMs, startAt, pausedTotal: 0, pausedAt: null };
}

export const isPaused = (clock) => clock.pausedAt !== null;

/** Milliseconds of the step lived by `at`, pauses excluded. */
export function elapsed(clock, at) {
  const t = clock.pausedAt ?? at;
  return Math.max(0, t - clock.startAt - clock.pausedTotal);
}

export function remaining(clock, at) {
  return Math.max(0, clock.duration - elapsed(clock, at));
}

/** The performance.now() time at which a step offset (ms) falls, while running. */
export function timeOf(clock, offsetMs) {
  return clock.startAt + clock.pausedTotal + offsetMs;
}

export const deadline = (clock) => timeOf(clock, clock.duration);

/** @returns {StepClock} the clock stopped at `at` (the same clock when already paused) */
export function pauseClock(clock, at) {
  return clock.pausedAt === null ? { ...clock, pausedAt: at } : clock;
}

/** @returns {StepClock} the clock running again from `at`, the pause not counted */
export function resumeClock(clock, at) {
  if (clock.pausedAt === null) return clock;
  return { ...clock, pausedTotal: clock.pausedTotal + Math.max(0, at - clock.pausedAt), pausedAt: null };
}

/** Whole seconds to show on the countdown: 10 for the first second of a 10 s hold. */
export function shownSeconds(remainingMs) {
  return Math.ceil(Math.max(0, remainingMs) / 1000 - 1e-6);
}

/**
 * Call fn once at (or just after) the performance.now() time `at`. The delay is rounded up to
 * whole milliseconds, so the callback never runs early and never spins on a zero delay.
 * Returns a function that cancels it.
 */
export function wakeAt(at, fn) {
  const delay = Math.max(1, Math.ceil(at - now()));
  const id = setTimeout(fn, delay);
  return () => clearTimeout(id);
}
