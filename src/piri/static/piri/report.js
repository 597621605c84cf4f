// Downloads that take a moment (the PDF report): say that the file is being prepared, fetch
// it, then save it under the name the server gave. Without fetch or blob URLs, and whenever
// the answer is not the file (a sign-in page, an error), the link is simply followed.
const NAME = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i;

function savedName(response, fallback) {
  const found = NAME.exec(response.headers.get("Content-Disposition") || "");
  return found ? decodeURIComponent(found[1]) : fallback;
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function prepare(link) {
  const status = document.getElementById(link.dataset.status || "");
  const label = link.textContent;
  const say = (text) => { if (status) status.textContent = text || ""; };
  link.setAttribute("aria-busy", "true");
  link.setAttribute("aria-disabled", "true");
  link.textContent = link.dataset.busyLabel;
  say(link.dataset.busyLabel);
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || response.redirected || type.startsWith("text/html")) {
      window.location.assign(link.href);
      return;
    }
    save(await response.blob(), savedName(response, link.getAttribute("download") || ""));
    say(link.dataset.doneText);
  } catch {
    say(link.dataset.errorText);
  } finally {
    link.textContent = label;
    link.removeAttribute("aria-busy");
    link.removeAttribute("aria-disabled");
  }
}

for (const link of document.querySelectorAll("a[data-busy-label]")) {
  link.addEventListener("click", (event) => {
    if (!window.fetch || !window.URL || !URL.createObjectURL) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") !== "true") prepare(link);
  });
}
