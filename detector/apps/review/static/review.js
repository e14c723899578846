// The review page's behaviour: selection, keyboard shortcuts, decisions sent to the server.
// Text from the server is only ever written with textContent, never parsed as HTML.
"use strict";

(() => {
  const STATES = ["pending", "accepted", "rejected", "edited", "skipped"];
  const KEYS = { a: "accept", r: "reject", e: "edit", s: "skip", u: "undo" };
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const items = [...document.querySelectorAll(".queue .item")];
  const notice = document.querySelector(".notice");
  const form = document.querySelector(".edit-form");
  const textarea = document.getElementById("edit-text");
  const undoStack = [];
  let current = null;
  let busy = false;

  const filters = document.querySelector(".filters");
  filters.querySelectorAll("select").forEach((s) => s.addEventListener("change", () => filters.requestSubmit()));
  if (!items.length) return;

  const itemOf = (id) => document.getElementById(`q-${id}`);
  const cardOf = (id) => document.querySelector(`.card[data-for="${id}"]`);
  const marksOf = (id) => [...document.querySelectorAll(".hl")].filter((m) => m.dataset.ids.split(" ").includes(id));

  function setState(el, state) {
    STATES.forEach((s) => el.classList.toggle(`s-${s}`, s === state));
  }

  function paintMark(mark) {
    const ids = mark.dataset.ids.split(" ");
    setState(mark, itemOf(ids[0]).dataset.state);
    mark.classList.toggle("sel", current !== null && ids.includes(current.dataset.id));
  }

  function say(message, kind = "conflict") {
    notice.textContent = message;
    notice.className = `notice ${kind}`;
    notice.hidden = !message;
  }

  function select(item, scroll = true) {
    const previous = current;
    current = item;
    items.forEach((i) => i.classList.toggle("current", i === item));
    document.querySelectorAll(".card").forEach((c) => { c.hidden = c.dataset.for !== item.dataset.id; });
    document.querySelectorAll(".document").forEach((d) => { d.hidden = d.dataset.doc !== item.dataset.doc; });
    const touched = new Set([...(previous ? marksOf(previous.dataset.id) : []), ...marksOf(item.dataset.id)]);
    touched.forEach(paintMark);
    closeEdit();
    if (previous !== item) say("");
    history.replaceState(null, "", `#f${item.dataset.id}`);
    if (scroll) {
      item.scrollIntoView({ block: "center" });
      const mark = marksOf(item.dataset.id)[0];
      if (mark) mark.scrollIntoView({ block: "center" });
    }
  }

  function move(step) {
    const i = items.indexOf(current) + step;
    if (i >= 0 && i < items.length) select(items[i]);
  }

  function nextPending() {
    const start = items.indexOf(current);
    for (let k = 1; k <= items.length; k++) {
      const item = items[(start + k) % items.length];
      if (item.dataset.state === "pending") return item;
    }
    return null;
  }

  function show(finding) {
    const id = String(finding.id);
    const item = itemOf(id);
    item.dataset.state = finding.state;
    item.dataset.version = finding.version;
    setState(item, finding.state);
    const shown = finding.state === "edited" ? finding.edited_text : finding.suggestion;
    const proposal = item.querySelector(".new");
    proposal.textContent = shown ?? "no suggestion";
    proposal.classList.toggle("none", shown === null);
    const card = cardOf(id);
    const badge = card.querySelector(".state");
    badge.textContent = finding.state;
    setState(badge, finding.state);
    const chosen = card.querySelector(".chosen");
    chosen.hidden = finding.state !== "edited";
    chosen.querySelector(".edited").textContent = finding.edited_text ?? "";
    const ins = document.querySelector(`.repl[data-for="${id}"]`);
    ins.textContent = finding.replacement ?? "";
    ins.hidden = finding.replacement === null;
    setState(ins, finding.state);
    marksOf(id).forEach(paintMark);
  }

  function showProgress(progress) {
    const total = STATES.reduce((n, s) => n + progress[s], 0);
    const done = total - progress.pending;
    document.getElementById("done").textContent = done;
    document.getElementById("percent").textContent = `${total ? Math.round((100 * done) / total) : 0}%`;
    let x = 0;
    STATES.slice(1).forEach((s) => {
      const width = total ? (1000 * progress[s]) / total : 0;
      const rect = document.querySelector(`.bar rect[data-state="${s}"]`);
      rect.setAttribute("x", x.toFixed(1));
      rect.setAttribute("width", width.toFixed(1));
      x += width;
    });
    STATES.forEach((s) => { document.querySelector(`.legend [data-state="${s}"] b`).textContent = progress[s]; });
  }

  function showConflicts(doc, conflicts) {
    const list = document.querySelector(`.doc-conflicts[data-doc="${doc}"]`);
    list.replaceChildren(...conflicts.map((c) => {
      const li = document.createElement("li");
      li.textContent = c;
      return li;
    }));
    list.hidden = conflicts.length === 0;
  }

  async function send(item, action, text) {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(`/api/findings/${item.dataset.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ action, version: Number(item.dataset.version), text }),
      });
      const data = await response.json();
      if (data.finding) show(data.finding);
      if (data.progress) showProgress(data.progress);
      if (!response.ok) {
        select(item);
        say(data.error || `The server refused the decision (HTTP ${response.status}).`);
        return;
      }
      const conflicts = data.conflicts || [];
      showConflicts(item.dataset.doc, conflicts);
      if (action !== "undo") undoStack.push(item.dataset.id);
      if (conflicts.length) {
        select(item);
        say(`Saved, but ${conflicts.join(" ")}`);
      } else if (action === "undo") {
        select(item);
        say(`Undone: the finding is ${data.finding.state} again.`, "info");
      } else {
        select(nextPending() || item);
      }
    } catch (error) {
      say(`Not saved: the review server did not answer (${error.message}).`);
    } finally {
      busy = false;
    }
  }

  function openEdit() {
    const finding = current.dataset.id;
    const card = cardOf(finding);
    const suggestion = card.querySelector(".suggestion");
    const edited = card.querySelector(".edited");
    textarea.value = current.dataset.state === "edited" ? edited.textContent
      : suggestion ? suggestion.textContent : card.querySelector("del").textContent;
    form.hidden = false;
    textarea.focus();
    textarea.select();
  }

  function closeEdit() {
    form.hidden = true;
  }

  function act(action) {
    if (!current) return;
    if (action === "edit") openEdit();
    else if (action === "undo") {
      const id = undoStack.pop();
      send(id ? itemOf(id) : current, "undo");
    } else send(current, action);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(current, "edit", textarea.value);
  });
  form.querySelector(".cancel").addEventListener("click", closeEdit);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape") {
      closeEdit();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) return;
    if (event.key === "j" || event.key === "ArrowDown") move(1);
    else if (event.key === "k" || event.key === "ArrowUp") move(-1);
    else if (KEYS[event.key]) act(KEYS[event.key]);
    else return;
    event.preventDefault();
  });
  document.querySelectorAll(".act").forEach((b) => b.addEventListener("click", () => act(b.dataset.action)));
  items.forEach((item) => item.addEventListener("click", () => select(item, false)));
  document.querySelectorAll(".hl").forEach((mark) => mark.addEventListener("click", () => {
    const ids = mark.dataset.ids.split(" ");
    const id = current && ids.includes(current.dataset.id) && ids.length > 1
      ? ids[(ids.indexOf(current.dataset.id) + 1) % ids.length] : ids[0];
    select(itemOf(id));
  }));

  const wanted = /^#f(\d+)$/.exec(location.hash);
  const first = (wanted && itemOf(wanted[1])) || items.find((i) => i.dataset.state === "pending") || items[0];
  select(first);
})();
