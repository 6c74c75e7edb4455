// hkqa web chat. No framework, no build step.
// Every piece of text from the user, the server or a document is put in the page with
// textContent / createElement, never parsed as HTML, so markup in a question is shown,
// not run.
"use strict";

(() => {
  const MAX_HISTORY = 50; // the server refuses more
  const CONTEXT_CHARS = 320; // characters shown either side of a cited sentence
  const REFUSAL_TEXT = "I could not find an answer to that in the news articles.";

  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const askButton = document.getElementById("ask-button");
  const resetButton = document.getElementById("reset-button");
  const log = document.getElementById("log");
  const statusLine = document.getElementById("status");
  const corpusStatus = document.getElementById("corpus-status");

  /** @type {{role: "user" | "assistant", content: string}[]} */
  let history = [];
  let pending = false;
  const documentCache = new Map(); // doc_id -> Promise<document>

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Append `text` to `parent`, wrapping text[start:end] in <mark class=className>. */
  function appendHighlighted(parent, text, start, end, className) {
    const ok =
      Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end &&
      end <= text.length;
    if (!ok) {
      parent.append(document.createTextNode(text));
      return null;
    }
    const mark = el("mark", className, text.slice(start, end));
    parent.append(document.createTextNode(text.slice(0, start)), mark,
      document.createTextNode(text.slice(end)));
    return mark;
  }

  /** The answer span relative to the citation's sentence, or null. */
  function spanInSentence(citation) {
    if (citation.answer_start === null || citation.answer_end === null) return null;
    return [citation.answer_start - citation.start, citation.answer_end - citation.start];
  }

  function sentenceWithSpan(citation, className) {
    const quote = el("q", className);
    const span = spanInSentence(citation);
    appendHighlighted(quote, citation.sentence, span ? span[0] : -1, span ? span[1] : -1,
      "span");
    return quote;
  }

  /** Bring the newest turn into view, above the sticky question box. */
  function scrollToEnd() {
    const last = log.lastElementChild;
    if (!last) return;
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const behavior = reduce ? "auto" : "smooth";
    const composer = document.querySelector(".composer");
    const room = window.innerHeight - (composer ? composer.offsetHeight : 0);
    if (last.getBoundingClientRect().height + 24 <= room) {
      window.scrollTo({ top: document.documentElement.scrollHeight, behavior });
    } else {
      last.scrollIntoView({ block: "start", behavior }); // a long answer: show its start
    }
  }

  function setStatus(text, isError = false) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", isError);
  }

  // ---------------------------------------------------------------- citations in context

  function fetchDocument(docId) {
    if (!documentCache.has(docId)) {
      const promise = fetch(`/documents/${encodeURIComponent(docId)}`).then(async (r) => {
        if (!r.ok) throw new Error(await errorMessage(r));
        return r.json();
      });
      promise.catch(() => documentCache.delete(docId)); // retry on the next opening
      documentCache.set(docId, promise);
    }
    return documentCache.get(docId);
  }

  function snapStart(text, index) {
    if (index <= 0) return 0;
    const space = text.indexOf(" ", index);
    return space === -1 || space > index + 40 ? index : space + 1;
  }

  function snapEnd(text, index) {
    if (index >= text.length) return text.length;
    const space = text.lastIndexOf(" ", index);
    return space === -1 || space < index - 40 ? index : space;
  }

  function renderContext(container, doc, citation) {
    container.replaceChildren();
    const text = doc.text;
    const { start, end } = citation;
    if (!(start >= 0 && end <= text.length && start < end)) {
      container.append(el("p", "context-note", "The source sentence could not be located."));
      return;
    }
    const from = snapStart(text, start - CONTEXT_CHARS);
    const to = snapEnd(text, end + CONTEXT_CHARS);
    const para = el("p", "context-text");
    if (from > 0) para.append(document.createTextNode("… "));
    para.append(document.createTextNode(text.slice(from, start)));
    const sentence = el("mark", "sentence");
    const span = spanInSentence(citation);
    appendHighlighted(sentence, text.slice(start, end), span ? span[0] : -1,
      span ? span[1] : -1, "span");
    para.append(sentence, document.createTextNode(text.slice(end, to)));
    if (to < text.length) para.append(document.createTextNode(" …"));
    container.append(para);
    const meta = el("p", "context-note",
      `${doc.title || doc.doc_id} · characters ${start}–${end} of ${text.length}`);
    container.append(meta);
  }

  function citationItem(citation, number, extraClass) {
    const li = el("li", `source ${extraClass || ""}`.trim());
    const details = el("details");
    const summary = el("summary");
    summary.append(el("span", "source-number", `[${number}]`), " ",
      el("span", "source-title", citation.title || citation.doc_id));
    if (citation.answer && extraClass === "conflict") {
      summary.append(" ", el("span", "conflict-claim", `says ${citation.answer}`));
    }
    summary.append(el("br"), sentenceWithSpan(citation, "source-sentence"));
    const context = el("div", "context", "");
    context.append(el("p", "context-note", "Open to load the article…"));
    details.append(summary, context);
    let loaded = false;
    details.addEventListener("toggle", () => {
      if (!details.open || loaded) return;
      loaded = true;
      context.replaceChildren(el("p", "context-note", "Loading the article…"));
      fetchDocument(citation.doc_id)
        .then((doc) => renderContext(context, doc, citation))
        .catch((err) => {
          loaded = false;
          context.replaceChildren(el("p", "context-note error",
            `Could not load the article: ${err.message}`));
        });
    });
    li.append(details);
    return li;
  }

  // ---------------------------------------------------------------- turns

  function addUserTurn(question) {
    const hint = document.getElementById("empty-hint");
    if (hint) hint.remove();
    const turn = el("section", "turn user");
    turn.setAttribute("aria-label", "Your question");
    turn.append(el("p", "who", "You"), el("p", "bubble", question));
    log.append(turn);
    scrollToEnd();
  }

  function addErrorTurn(message) {
    const turn = el("section", "turn bot error");
    turn.setAttribute("aria-label", "Error");
    const card = el("div", "card");
    card.append(el("p", "badge", "Error"), el("p", "answer-text", message));
    turn.append(el("p", "who", "hkqa"), card);
    log.append(turn);
    scrollToEnd();
  }

  const citationKey = (c) => `${c.doc_id}\u0000${c.start}\u0000${c.end}`;

  /** Citations without repeats, and the conflicting ones not already cited (the pipeline
   * may list the primary claim among the conflicts too). */
  function splitSources(data) {
    const seen = new Set();
    const unique = (c) => {
      const key = citationKey(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const citations = data.citations.filter(unique);
    const conflicts = data.conflicts.filter(unique);
    return { citations, conflicts };
  }

  function addAnswerTurn(data) {
    const hasConflict = data.answerable && data.conflicts.length > 0;
    const sourcesOf = splitSources(data);
    const kind = !data.answerable ? "refusal" : hasConflict ? "conflict" : "answer";
    const labels = {
      answer: "Answer",
      conflict: "Sources disagree",
      refusal: "Not in the articles",
    };
    const turn = el("section", `turn bot ${kind}`);
    turn.setAttribute("aria-label", labels[kind]);
    const card = el("div", "card");

    const head = el("div", "card-head");
    head.append(el("span", `badge badge-${kind}`, labels[kind]));
    if (data.answerable) {
      const pct = Math.round(Math.max(0, Math.min(1, data.confidence)) * 100);
      head.append(el("span", "confidence", `confidence ${pct}%`));
    }
    card.append(head);

    if (data.resolved_question && data.resolved_question.trim() !== data.question.trim()) {
      const resolved = el("p", "resolved");
      resolved.append(el("span", "resolved-label", "Understood as: "),
        el("span", "resolved-text", data.resolved_question));
      card.append(resolved);
    }

    if (!data.answerable) {
      card.append(el("p", "answer-text", data.answer || REFUSAL_TEXT));
    } else {
      const answerLine = el("p", "answer-text");
      answerLine.append(el("strong", "answer-value", data.answer));
      sourcesOf.citations.forEach((_, i) => {
        answerLine.append(" ", el("span", "cite-ref", `[${i + 1}]`));
      });
      card.append(answerLine);
      const top = data.citations[0];
      if (top) {
        const evidence = el("blockquote", "evidence");
        evidence.append(sentenceWithSpan(top, "evidence-sentence"));
        card.append(evidence);
      }
    }

    if (data.answerable && sourcesOf.citations.length > 0) {
      const sources = el("div", "sources");
      sources.append(el("h3", "sources-title", "Sources"));
      const list = el("ol", "source-list");
      sourcesOf.citations.forEach((c, i) => list.append(citationItem(c, i + 1, "")));
      sources.append(list);
      card.append(sources);
    }
    if (data.conflicts.length > 0) {
      const conflicts = el("div", "sources conflicts");
      conflicts.append(el("h3", "sources-title", "Conflicting sources"));
      conflicts.append(el("p", "conflict-note", sourcesOf.conflicts.length > 0
        ? "These articles give a different answer; check them before relying on it."
        : "The sources disagree about this answer; check them before relying on it."));
      if (sourcesOf.conflicts.length > 0) {
        const list = el("ol", "source-list");
        const offset = sourcesOf.citations.length;
        sourcesOf.conflicts.forEach((c, i) => list.append(citationItem(c, offset + i + 1,
          "conflict")));
        conflicts.append(list);
      }
      card.append(conflicts);
    }

    turn.append(el("p", "who", "hkqa"), card);
    log.append(turn);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- requests

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (typeof body.detail === "string") return body.detail;
      if (body.detail) return JSON.stringify(body.detail);
    } catch {
      // not JSON
    }
    return `${response.status} ${response.statusText}`;
  }

  async function ask(question) {
    pending = true;
    askButton.disabled = true;
    log.setAttribute("aria-busy", "true");
    setStatus("Searching the articles…");
    addUserTurn(question);
    try {
      const response = await fetch("/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, history: history.slice(-MAX_HISTORY) }),
      });
      if (!response.ok) {
        const message = await errorMessage(response);
        addErrorTurn(message);
        setStatus(message, true);
        return;
      }
      const data = await response.json();
      addAnswerTurn(data);
      history.push({ role: "user", content: question });
      history.push({ role: "assistant", content: data.answer || REFUSAL_TEXT });
      history = history.slice(-MAX_HISTORY);
      setStatus("");
    } catch (err) {
      const message = `Could not reach the server: ${err.message}`;
      addErrorTurn(message);
      setStatus(message, true);
    } finally {
      pending = false;
      askButton.disabled = false;
      log.removeAttribute("aria-busy");
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending) return;
    const question = input.value;
    if (!question.trim()) {
      setStatus("Type a question first.", true);
      input.focus();
      return;
    }
    input.value = "";
    ask(question);
  });

  resetButton.addEventListener("click", () => {
    history = [];
    log.replaceChildren(el("p", "empty-hint", "New conversation. Ask a question."));
    log.firstElementChild.id = "empty-hint";
    setStatus("");
    input.focus();
  });

  // ---------------------------------------------------------------- corpus status

  async function checkHealth(attempt = 0) {
    try {
      const response = await fetch("/health");
      if (response.ok) {
        const body = await response.json();
        const n = body.documents;
        corpusStatus.textContent = `${n} article${n === 1 ? "" : "s"} indexed`;
        corpusStatus.classList.remove("loading");
        return;
      }
      corpusStatus.textContent = response.status === 503
        ? await errorMessage(response) : "Service unavailable";
    } catch {
      corpusStatus.textContent = "Cannot reach the server";
    }
    corpusStatus.classList.add("loading");
    if (attempt < 150) setTimeout(() => checkHealth(attempt + 1), 2000);
  }

  checkHealth();
  input.focus();
})();
