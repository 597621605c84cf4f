// The session in progress, kept on the phone at every step change so a reload, a crash or a
// closed tab never loses it. localStorage (synchronous, so it also works in `pagehide`), one
// record per signed-in patient. The record is removed once the finished report is safely in
// the outbox (outbox.js), or when the patient chooses "Start again" / "Discard".

const PREFIX = 'piri.session-in-progress';
export const FORMAT = 1;
/** An unfinished session younger than this can be carried on; an older one only saved. */
export const CARRY_ON_MS = 3 * 60 * 60 * 1000;

/** A phone clock set back a little (time sync) still allows carrying on. */
const CLOCK_SKEW_MS = 10 * 60 * 1000;

const key = (owner) => (owner ? `${PREFIX}.${owner}` : PREFIX);

export function saveProgress(owner, record) {
  try {
    localStorage.setItem(key(owner), JSON.stringify({ ...record, format: FORMAT }));
    return true;
  } catch {
    return false; // storage full or disabled (private mode): the session still plays
  }
}

export function loadProgress(owner) {
  try {
    const text = localStorage.getItem(key(owner));
    if (!text) return null;
    const record = JSON.parse(text);
    if (!record || record.format !== FORMAT || !record.client_id || !Array.isArray(record.results)) return null;
    return record;
  } catch {
    return null;
  }
}

export function clearProgress(owner) {
  try {
    localStorage.removeItem(key(owner));
  } catch {
    // nothing stored
  }
}

/**
 * What can be offered for a stored record: 'carry_on' (same plan, started less than 3 hours
 * ago: carry on / save / start again) or 'save_only' (another plan, or older: save / discard).
 */
export function offerFor(record, planId, nowMs = Date.now()) {
  if (!record) return null;
  const age = nowMs - Number(record.started_ms);
  if (record.plan_id === planId && Number.isFinite(age) && age > -CLOCK_SKEW_MS && age < CARRY_ON_MS) return 'carry_on';
  return 'save_only';
}
