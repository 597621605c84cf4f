// Preselect the browser's own time zone on the first onboarding form (not on later settings).
const select = document.getElementById("id_time_zone");
if (select) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((o) => o.value === zone)) {
    select.value = zone;
  }
}
