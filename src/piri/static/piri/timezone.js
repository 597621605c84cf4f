// Preselect the browser's own time zone on the onboarding form when the patient has not chosen one.
const select = document.getElementById("id_time_zone");
if (select && !select.dataset.touched) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((o) => o.value === zone)) {
    select.value = zone;
  }
}
