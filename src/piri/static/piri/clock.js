// Time for the session player: absolute deadlines on the monotonic clock, never counted ticks.
//
// A StepClock knows when its step started and how long it has been paused. Elapsed and
// remaining time are always computed from performance.now(), so a late or throttled timer
// callback never makes a hold longer or shorter: it only wakes the player up.

export const now = () => performance.now();

export class StepClock {
  /** @param {number} durationMs planned length; @param {number} startAt performance.now() time */
  constructor(durationMs, startAt = now()) {
    this.duration = durationMs;
    this.startAt = startAt;
    this.pausedTotal = 0;
    this.pausedAt = null;
  }

  get paused() {
    return this.pausedAt !== null;
  }

  /** Milliseconds of the step lived so far, pauses excluded. */
  elapsed(at = now()) {
    const t = this.pausedAt ?? at;
    return Math.max(0, t - this.startAt - this.pausedTotal);
  }

  remaining(at = now()) {
    return Math.max(0, this.duration - this.elapsed(at));
  }

  /** The performance.now() time at which a step offset (ms) falls, while running. */
  timeOf(offsetMs) {
    return this.startAt + this.pausedTotal + offsetMs;
  }

  get deadline() {
    return this.timeOf(this.duration);
  }

  pause(at = now()) {
    if (this.pausedAt === null) this.pausedAt = at;
  }

  resume(at = now()) {
    if (this.pausedAt === null) return;
    this.pausedTotal += Math.max(0, at - this.pausedAt);
    this.pausedAt = null;
  }
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
