// What a session leaves behind, as plain data: the report sent to the server (SessionIn,
// src/piri/api/schemas.py) and the record of a session in progress that progress-store.js keeps
// on the phone, and the way back from that record to a session that can carry on.
// Pure functions of the session machine's state: no DOM, no storage, no clock of their own.

import { elapsed } from './clock.js';

/** ISO 8601 with the phone's own UTC offset, e.g. 2025-03-01T09:30:00.000+00:00. */
export function isoLocal(date) {
  const pad = (n, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** Milliseconds as seconds with two decimals, as the report carries them. */
export const round2 = (ms) => Math.round(ms / 10) / 100;

/** The answers as SessionIn wants them: in the order given, without the player's own marks. */
export function cleanAnswers(answers) {
  return [...answers]
    .sort((a, b) => a.answered_at.localeCompare(b.answered_at))
    .map(({ step_id, change, extent, pain, action, answered_at }) => ({ step_id, change, extent, pain, action, answered_at }));
}

/** The finished (or ended) session as SessionIn, ended at the Date.now() time `wall`. */
export function reportOf(state, wall) {
  return {
    client_id: state.clientId,
    plan_id: state.planId,
    started_at: isoLocal(new Date(state.startedMs)),
    ended_at: isoLocal(new Date(wall)),
    completed: !state.endedEarly,
    steps: state.plan.steps.map((s, i) => ({
      step_id: s.id,
      status: state.results[i].status ?? 'not_reached',
      seconds: state.results[i].seconds,
    })),
    checks: cleanAnswers(state.answers),
    end_pain: state.endPain ?? null,
    helped_most: state.helpedMost || null,
  };
}

/** The session in progress as progress-store.js keeps it (`now`: performance.now(), `wall`: Date.now()). */
export function progressOf(state, now, wall) {
  return {
    plan_id: state.planId,
    client_id: state.clientId,
    started_at: isoLocal(new Date(state.startedMs)),
    started_ms: state.startedMs,
    updated_at: isoLocal(new Date(wall)),
    step_ids: state.plan.steps.map((s) => s.id),
    index: state.index,
    current_ms: state.clock ? elapsed(state.clock, now) : 0,
    results: state.results,
    answers: state.answers,
    baseline: state.baseline,
    visited: state.visited,
    stopped_by: state.stoppedBy,
    stopped_blocks: state.stoppedBlocks,
    ended_early: state.endedEarly,
  };
}

/** What was done in a stored session, as a report with completed=false ended at its last save. */
export function reportFromRecord(record) {
  const results = record.results.map((r) => ({ ...r }));
  const i = record.index;
  if (results[i] && results[i].status === null) {
    const spent = Number(record.current_ms) || 0;
    results[i] = { status: spent > 0 ? 'skipped' : 'not_reached', seconds: round2(spent) };
  }
  return {
    client_id: record.client_id,
    plan_id: record.plan_id,
    started_at: record.started_at,
    ended_at: record.updated_at,
    completed: false,
    steps: record.step_ids.map((id, k) => ({
      step_id: id,
      status: results[k]?.status ?? 'not_reached',
      seconds: results[k]?.seconds ?? 0,
    })),
    checks: cleanAnswers(record.answers || []),
    end_pain: null,
    helped_most: null,
  };
}

/** Whether a stored record was made on exactly these steps (so it can carry on). */
export function sameSteps(record, steps) {
  return record.step_ids.length === steps.length && record.step_ids.every((id, k) => id === steps[k].id);
}

/** The machine's fields a stored record brings back, and the step it was on (from its start). */
export function restoredFrom(record, steps) {
  return {
    clientId: record.client_id,
    startedMs: Number(record.started_ms),
    results: steps.map((_, k) => ({ ...(record.results[k] || { status: null, seconds: 0 }) })),
    answers: record.answers || [],
    baseline: record.baseline ?? null,
    visited: record.visited || [],
    stoppedBy: { ...(record.stopped_by || {}) },
    stoppedBlocks: [...(record.stopped_blocks || [])],
    endedEarly: Boolean(record.ended_early),
    index: Math.min(Math.max(0, record.index), steps.length - 1),
  };
}
