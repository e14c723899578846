"""The review page, rendered on the server. Every piece of article text, message, suggestion and
evidence goes through `html.escape`; the script (static/review.js) only ever sets `textContent`."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from pathlib import Path

from .queue import Conflict, review
from .schema import STATES
from .store import Filters, QueuedFinding, ReviewStore, StoredDocument

CONFIDENCE_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9)
ACTION_KEYS = (("accept", "a", "Accept"), ("reject", "r", "Reject"), ("edit", "e", "Edit"),
               ("skip", "s", "Skip"), ("undo", "u", "Undo"))


def e(value: object) -> str:
    return escape(str(value), quote=True)


def render(store: ReviewStore, filters: Filters, csrf: str, editor: str) -> str:
    findings = store.findings(filters)
    documents = {d.id: d for d in store.documents()}
    by_document: dict[int, list[QueuedFinding]] = defaultdict(list)
    for f in findings:
        by_document[f.document_id].append(f)
    conflicts = {d: review(documents[d], store.findings_of(d)).conflicts for d in by_document}
    progress = store.progress()
    queue = _queue(findings, documents) if findings else _empty(bool(documents))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{e(csrf)}">
<title>Review queue · {e(store.path.name)}</title>
<link rel="stylesheet" href="/static/review.css">
<script src="/static/review.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand"><h1>Review queue</h1><span class="file" title="{e(store.path)}">{e(store.path.name)}</span></div>
  {_progress(progress)}
  <div class="who">Reviewing as <strong>{e(editor)}</strong></div>
</header>
<main class="layout">
  <nav class="queue" aria-label="Findings">
    {_filters(store, filters)}
    {queue}
  </nav>
  <section class="reader" aria-label="Document">
    {"".join(_document(documents[d], fs, conflicts[d]) for d, fs in by_document.items())}
  </section>
  <aside class="detail" aria-label="Finding">
    {"".join(_card(f, documents[f.document_id]) for f in findings)}
    {_actions() if findings else ""}
  </aside>
</main>
</body>
</html>
"""


def _progress(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    done = total - counts["pending"]
    x = 0.0
    rects = []
    for state in STATES[1:]:
        width = 1000 * counts[state] / total if total else 0
        rects.append(f'<rect class="s-{state}" data-state="{state}" x="{x:.1f}" y="0" width="{width:.1f}" height="10"/>')
        x += width
    legend = "".join(f'<span class="key s-{s}" data-state="{s}"><i></i>{s} <b>{counts[s]}</b></span>'
                     for s in STATES)
    percent = round(100 * done / total) if total else 0
    return f"""<div class="progress" data-total="{total}">
    <div class="progress-text"><strong id="done">{done}</strong> of {total} reviewed
      <span id="percent">{percent}%</span></div>
    <svg class="bar" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img"
         aria-label="review progress">{"".join(rects)}</svg>
    <div class="legend">{legend}</div>
  </div>"""


def _options(name: str, label: str, values: list[str], chosen: str | None) -> str:
    options = [f'<option value="">{e(label)}</option>']
    options += [f'<option value="{e(v)}"{" selected" if v == chosen else ""}>{e(v)}</option>' for v in values]
    return f'<label><span>{e(name.title())}</span><select name="{e(name)}">{"".join(options)}</select></label>'


def _filters(store: ReviewStore, filters: Filters) -> str:
    steps = [f'<option value="{s}"{" selected" if s == filters.min_confidence else ""}>≥ {s:.1f}</option>'
             for s in CONFIDENCE_STEPS]
    return f"""<form class="filters" method="get" action="/">
      {_options("category", "all categories", store.values("category"), filters.category)}
      {_options("rule", "all rules", store.values("rule"), filters.rule)}
      {_options("state", "all states", list(STATES), filters.state)}
      <label><span>Confidence</span><select name="min"><option value="">any</option>{"".join(steps)}</select></label>
      <div class="filter-buttons"><button type="submit">Filter</button><a href="/">Clear</a></div>
    </form>"""


def _empty(has_documents: bool) -> str:
    if has_documents:
        return '<p class="empty">No finding matches these filters. <a href="/">Show all</a></p>'
    return '<p class="empty">The queue is empty. Add articles with <code>detect review add PATH</code>.</p>'


def _queue(findings: list[QueuedFinding], documents: dict[int, StoredDocument]) -> str:
    rows = []
    last = None
    per_document = Counter(f.document_id for f in findings)
    for f in findings:
        if f.document_id != last:
            doc = documents[f.document_id]
            rows.append(f'<li class="doc-head" title="{e(doc.path)}"><span>{e(Path(doc.path).name)}</span>'
                        f'<span class="count">{per_document[doc.id]}</span></li>')
            last = f.document_id
        new = f.edited_text if f.state == "edited" else f.suggestion
        rows.append(f"""<li class="item s-{e(f.state)}" id="q-{f.id}" data-id="{f.id}" data-doc="{f.document_id}"
        data-version="{f.version}" data-state="{e(f.state)}">
        <div class="line"><span class="cat">{e(f.category.replace("_", " "))}</span><code>{e(f.rule)}</code>
          <span class="conf">{f.confidence:.2f}</span></div>
        <div class="change"><span class="old">{e(f.text)}</span> <span class="arrow">→</span>
          <span class="new{" none" if new is None else ""}">{e("no suggestion" if new is None else new)}</span>
        </div></li>""")
    return f'<ol class="items">{"".join(rows)}</ol>'


def highlighted(text: str, findings: list[QueuedFinding]) -> str:
    """The text with each finding's span in <mark> (overlapping spans cut into pieces, each naming the
    findings that cover it, narrowest first) and, after each span, its replacement in <ins>."""
    bounds = sorted({0, len(text)} | {f.start for f in findings} | {f.end for f in findings})
    ending: dict[int, list[QueuedFinding]] = defaultdict(list)
    for f in findings:
        ending[f.end].append(f)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = sorted((f for f in findings if f.start <= a and b <= f.end), key=lambda f: f.end - f.start)
        if covering:
            ids = " ".join(str(f.id) for f in covering)
            out.append(f'<mark class="hl s-{e(covering[0].state)}" data-ids="{ids}">{e(text[a:b])}</mark>')
        else:
            out.append(e(text[a:b]))
        for f in ending[b]:
            hidden = "" if f.replacement is not None else " hidden"
            out.append(f'<ins class="repl s-{e(f.state)}" data-for="{f.id}"{hidden}>{e(f.replacement or "")}</ins>')
    return "".join(out)


def _conflicts(doc: StoredDocument, conflicts: list[Conflict]) -> str:
    """Decisions the download leaves out because they overlap another (review.js keeps it current)."""
    rows = "".join(f"<li>{e(c.describe())}</li>" for c in conflicts)
    return (f'<ul class="doc-conflicts" data-doc="{doc.id}" role="status" aria-label="Conflicting decisions"'
            f'{"" if conflicts else " hidden"}>{rows}</ul>')


def _document(doc: StoredDocument, findings: list[QueuedFinding], conflicts: list[Conflict]) -> str:
    score = "likely machine-translated" if doc.mt_score >= 0.5 else "likely edited"
    return f"""<article class="document" data-doc="{doc.id}" hidden>
      <header><h2 title="{e(doc.path)}">{e(Path(doc.path).name)}</h2>
        <span class="mt" title="mt_score: probability that the article is machine-translated">
          {score} · {doc.mt_score:.2f}</span>
        <a class="download" href="/documents/{doc.id}/export" download="{e(Path(doc.path).name)}">Download reviewed
          text</a></header>
      {_conflicts(doc, conflicts)}
      <div class="text">{highlighted(doc.text, sorted(findings, key=lambda f: (f.start, f.end)))}</div>
    </article>"""


def _evidence(items: list[dict]) -> str:
    if not items:
        return ""
    rows = []
    for item in items:
        sentence, wording = item.get("sentence", ""), item.get("text", "")
        at = sentence.find(wording) if wording else -1
        quoted = (e(sentence) if at < 0 else
                  f"{e(sentence[:at])}<b>{e(wording)}</b>{e(sentence[at + len(wording):])}")
        rows.append(f'<li><span class="src" title="{e(item.get("path", ""))}">{e(Path(item.get("path", "")).name)}'
                    f'</span><span class="quote">{quoted}</span></li>')
    return f'<div class="evidence"><h3>Other reports of this story</h3><ul>{"".join(rows)}</ul></div>'


def _card(f: QueuedFinding, doc: StoredDocument) -> str:
    line = doc.text.count("\n", 0, f.start) + 1
    suggestion = (f'<ins class="suggestion">{e(f.suggestion)}</ins>' if f.suggestion is not None
                  else '<span class="none">no suggestion: accept marks a real glitch, edit writes the fix</span>')
    return f"""<section class="card" data-for="{f.id}" hidden>
      <header><span class="cat">{e(f.category.replace("_", " "))}</span><code>{e(f.rule)}</code>
        <span class="where">line {line}</span><span class="state s-{e(f.state)}">{e(f.state)}</span></header>
      <div class="change"><del>{e(f.text)}</del><span class="arrow">→</span>{suggestion}</div>
      <div class="chosen"{"" if f.state == "edited" else " hidden"}><span>Your edit</span>
        <ins class="edited">{e(f.edited_text or "")}</ins></div>
      <p class="message">{e(f.message)}</p>
      <div class="confidence"><meter min="0" max="1" low="0.5" high="0.8" optimum="1" value="{f.confidence:.3f}">
        </meter><span>confidence <b>{f.confidence:.2f}</b></span><span class="fix">{e(f.fix)} fix</span></div>
      {_evidence(f.evidence)}
    </section>"""


def _actions() -> str:
    buttons = "".join(f'<button type="button" class="act {a}" data-action="{a}">{label} <kbd>{k}</kbd></button>'
                      for a, k, label in ACTION_KEYS)
    return f"""<form class="edit-form" hidden>
      <label for="edit-text">Replacement</label>
      <textarea id="edit-text" rows="3" spellcheck="true"></textarea>
      <div class="edit-buttons"><button type="submit" class="save">Save edit <kbd>Enter</kbd></button>
        <button type="button" class="cancel">Cancel <kbd>Esc</kbd></button></div>
    </form>
    <div class="actions">{buttons}</div>
    <p class="notice" role="alert" hidden></p>
    <p class="keys"><kbd>j</kbd> <kbd>k</kbd> next and previous finding</p>"""
