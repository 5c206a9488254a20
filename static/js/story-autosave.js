// The story change form: autosave to the person's working copy, a copy on this device when
// the server cannot be reached, the leave-page warning, Ctrl/Cmd+S, and who else is here.
// Server side: articles/admin/autosave.py. Without this script the form works as before.
(function () {
  "use strict";

  const DEBOUNCE_MS = 2000; // after typing stops
  const MAX_WAIT_MS = 10000; // at least this often while typing
  const POLL_MS = 5000; // presence, and a check for changes no event told us about

  const panel = document.getElementById("story-autosave");
  const form = document.getElementById("article_form");
  if (!panel || !form) {
    return;
  }
  const statusLine = panel.querySelector("[data-autosave-status]");
  const presenceBox = panel.querySelector("[data-presence]");
  const autosaveUrl = panel.dataset.autosaveUrl || "";
  const presenceUrl = panel.dataset.presenceUrl || "";
  const storageKey = panel.dataset.storageKey;
  const csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  const csrf = csrfInput ? csrfInput.value : "";

  // A new story is keyed by the id the page was given; a successful save clears its copy.
  if (panel.dataset.draftKey && !form.querySelector("input[name=autosave_key]")) {
    const keyInput = document.createElement("input");
    keyInput.type = "hidden";
    keyInput.name = "autosave_key";
    keyInput.value = panel.dataset.draftKey;
    form.appendChild(keyInput);
  }

  function serialize() {
    const params = new URLSearchParams();
    new FormData(form).forEach((value, name) => {
      if (typeof value === "string") {
        params.append(name, value);
      }
    });
    return params.toString();
  }

  const loaded = serialize(); // what the page was opened with
  const restored = panel.dataset.restored === "1";
  let lastSent = loaded; // what the server has (or the saved story has)
  let refused = null; // a payload the server refused: not retried until it changes
  let submitting = false;
  let inFlight = null;
  let debounceTimer = null;
  let maxTimer = null;

  function setStatus(text, state) {
    statusLine.textContent = text;
    panel.dataset.state = state;
  }

  // `submitted`: kept while a Save or step is on its way; the next page decides its fate.
  function keepLocally(payload, submitted) {
    try {
      const entry = { payload: payload, at: Date.now(), submitted: Boolean(submitted) };
      localStorage.setItem(storageKey, JSON.stringify(entry));
      return true;
    } catch (error) {
      return false;
    }
  }

  function forgetLocally() {
    try {
      localStorage.removeItem(storageKey);
    } catch (error) {
      // storage disabled: nothing was kept
    }
  }

  function keptLocally() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function clearTimers() {
    clearTimeout(debounceTimer);
    clearTimeout(maxTimer);
    debounceTimer = null;
    maxTimer = null;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual", // signed out: the login redirect is a failure, not a success
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
  }

  function save() {
    clearTimers();
    if (!autosaveUrl || submitting) {
      return;
    }
    const payload = serialize();
    if (payload === lastSent || payload === refused) {
      return;
    }
    if (inFlight) {
      debounceTimer = setTimeout(save, DEBOUNCE_MS); // one at a time, newest last
      return;
    }
    setStatus("Saving…", "saving");
    inFlight = post(autosaveUrl, payload)
      .then((response) => {
        if (response.ok) {
          return response.json().then((body) => {
            lastSent = payload;
            refused = null;
            forgetLocally();
            setStatus(`Saved ${body.saved_at}`, "saved");
          });
        }
        if (response.type === "opaqueredirect") {
          // The session ended: the admin sends us to its login page.
          keepLocally(payload);
          setStatus("Signed out: kept on this device. Sign in again in another tab.", "offline");
          return undefined;
        }
        if (response.status >= 400 && response.status < 500) {
          return response
            .json()
            .catch(() => ({}))
            .then((body) => {
              refused = payload;
              // Refused is not lost: the device keeps the text until a save or a Discard.
              const kept = keepLocally(payload) ? " Your edits are kept on this device." : "";
              const fallback =
                response.status === 403
                  ? "Not autosaved: you may no longer edit this story."
                  : "Autosave was refused; save the story.";
              setStatus((body.error || fallback) + kept, "refused");
            });
        }
        throw new Error(`autosave answered ${response.status}`);
      })
      .catch(() => {
        if (submitting) {
          return;
        }
        setStatus(
          keepLocally(payload) ? "Offline: kept on this device" : "Offline: not saved",
          "offline",
        );
      })
      .finally(() => {
        inFlight = null;
      });
  }

  function edited() {
    if (!autosaveUrl || submitting) {
      return;
    }
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(save, DEBOUNCE_MS);
    if (!maxTimer) {
      maxTimer = setTimeout(save, MAX_WAIT_MS);
    }
  }

  // The tab goes away: what the server has not got yet leaves now, and stays on the device
  // until a later autosave or save succeeds (a beacon's arrival cannot be observed).
  function leaving() {
    if (!autosaveUrl || submitting) {
      return;
    }
    const payload = serialize();
    if (payload === lastSent || payload === refused) {
      return;
    }
    keepLocally(payload);
    const sent = navigator.sendBeacon(
      autosaveUrl,
      new Blob([payload], { type: "application/x-www-form-urlencoded" }),
    );
    if (!sent) {
      setStatus("Offline: kept on this device", "offline");
    }
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  window.addEventListener("online", save);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      leaving();
    }
  });
  window.addEventListener("pagehide", leaving);

  // Submitting the form (Save, or a workflow button that submits it) is not leaving it.
  window.addEventListener("submit", (event) => {
    if (event.defaultPrevented) {
      return;
    }
    // A submit into another tab (a preview of the unsaved text) leaves this page as it is.
    const target =
      (event.submitter && event.submitter.getAttribute("formtarget")) || event.target.target;
    if (target && target !== "_self") {
      return;
    }
    if (event.target === form) {
      submitting = true;
      clearTimers();
      // Until the answer shows the text was saved or is on screen again (see below).
      keepLocally(serialize(), true);
    } else if (event.target.hasAttribute("data-autosave-discard")) {
      submitting = true;
      clearTimers();
      forgetLocally();
    } else if (autosaveUrl && serialize() !== refused) {
      // Another form on this page (a note): the edits go to the working copy first and come
      // back as the restore offer, so posting it is not leaving them behind.
      leaving();
      submitting = true;
      clearTimers();
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (restored || serialize() !== loaded)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Ctrl/Cmd+S: "Save and continue editing" instead of the browser's "Save page as".
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") {
      return;
    }
    const button = form.querySelector("[name=_continue]");
    event.preventDefault();
    if (button && !submitting) {
      form.requestSubmit(button);
    }
  });

  // A copy kept on this device while offline goes to the server as the working copy.
  const kept = keptLocally();
  if (kept && panel.dataset.keptText === "1") {
    // Refused (no longer editable): the text stays on this device as well as on the page.
    keepLocally(kept.payload, false);
    setStatus("Not saved: your edits are kept on this device.", "refused");
  } else if (kept && kept.submitted) {
    forgetLocally(); // the submitted form was saved, or came back with the text in it
  } else if (kept && !autosaveUrl) {
    // An autosave was refused (no longer editable): nothing here can take the text.
    setStatus("Edits you could not save are kept on this device.", "refused");
  } else if (kept && kept.payload && kept.payload !== loaded) {
    post(autosaveUrl, kept.payload)
      .then((response) => {
        if (response.ok || (response.status >= 400 && response.status < 500)) {
          forgetLocally();
        }
        if (response.ok && panel.dataset.offered !== "1" && !restored) {
          setStatus("Unsaved changes kept on this device were saved for you. ", "saved");
          const link = document.createElement("a");
          link.href = window.location.pathname;
          link.textContent = "Reload to review them";
          statusLine.appendChild(link);
        }
      })
      .catch(() => {
        setStatus("Offline: unsaved changes are kept on this device", "offline");
      });
  } else if (kept) {
    forgetLocally();
  }

  // Presence --------------------------------------------------------------------------------

  const pageVersion = Number(panel.dataset.version || 0);
  let shown = "";

  function renderPresence(data) {
    const key = JSON.stringify(data.others) + JSON.stringify(data.latest) + data.version;
    if (key === shown) {
      return;
    }
    shown = key;
    presenceBox.replaceChildren();
    data.others.forEach((other) => {
      const line = document.createElement("p");
      line.className = "presence-other";
      line.textContent = `${other.name} has this open since ${other.since}`;
      presenceBox.appendChild(line);
    });
    if (data.version > pageVersion && data.latest) {
      const notice = document.createElement("p");
      notice.className = "presence-newer";
      const who = data.latest.mine ? "You" : data.latest.by || "Someone";
      const where = data.latest.mine ? " in another window" : "";
      notice.append(`${who} saved a new version${where} at ${data.latest.at} — `);
      const link = document.createElement("a");
      link.href = panel.dataset.revisionsUrl;
      link.textContent = "review changes";
      notice.appendChild(link);
      presenceBox.appendChild(notice);
    }
  }

  function poll() {
    if (presenceUrl) {
      post(presenceUrl, new URLSearchParams({ csrfmiddlewaretoken: csrf }).toString())
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => data && renderPresence(data))
        .catch(() => {});
    }
    // Widgets that change a field without an input event (autocomplete boxes) are caught here.
    if (autosaveUrl && !debounceTimer && serialize() !== lastSent) {
      save();
    }
  }

  poll();
  setInterval(poll, POLL_MS);
})();
