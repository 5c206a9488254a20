// Accessible names the stock Django admin leaves out (found by the axe-core gate):
// controls in tabular inline rows, the date and time halves of split date-time fields,
// select2 autocomplete boxes, and the rich-text editor. Runs again whenever the page
// changes (new inline rows, widgets that initialise late).
(function () {
  "use strict";

  let counter = 0;
  function idFor(element, prefix) {
    if (!element.id) {
      counter += 1;
      element.id = `${prefix}-a11y-${counter}`;
    }
    return element.id;
  }

  function cleanText(element) {
    return element ? element.textContent.replace(/[:?*]\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  function isUnnamed(control) {
    return (
      (!control.labels || control.labels.length === 0) &&
      !control.hasAttribute("aria-label") &&
      !control.hasAttribute("aria-labelledby")
    );
  }

  function labelFor(id) {
    return id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
  }

  // Tabular inlines: each cell is named by its column header.
  function nameTabularInlines() {
    document.querySelectorAll(".tabular table").forEach((table) => {
      const headers = Array.from(table.querySelectorAll("thead th"));
      headers.forEach((header) => {
        if (header.classList.contains("original") && !header.textContent.trim()) {
          header.insertAdjacentHTML("beforeend", '<span class="visually-hidden">Saved entry</span>');
        }
      });
      table.querySelectorAll("tbody tr.form-row").forEach((row) => {
        Array.from(row.children).forEach((cell, index) => {
          const header = headers[index];
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((control) => {
            if (!isUnnamed(control)) return;
            if (cell.classList.contains("delete")) {
              control.setAttribute("aria-label", "Delete");
            } else if (header && cleanText(header)) {
              control.setAttribute("aria-labelledby", idFor(header, "column"));
            }
          });
        });
      });
    });
  }

  // Split date-time fields: "<label> date" and "<label> time".
  function nameSplitDateTimes() {
    document.querySelectorAll("p.datetime").forEach((paragraph) => {
      const first = paragraph.querySelector("input");
      const row = paragraph.closest(".form-row, .fieldBox, td");
      const label = labelFor(first && first.id) || (row && row.querySelector("label, legend"));
      const field = cleanText(label);
      paragraph.querySelectorAll("input.vDateField, input.vTimeField").forEach((input) => {
        if (!isUnnamed(input)) return;
        const part = input.classList.contains("vDateField") ? "date" : "time";
        input.setAttribute("aria-label", field ? `${field}: ${part}` : part);
      });
    });
  }

  // A select2 box is named by the label (or column header) of the <select> it replaces.
  function nameSelect2Boxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const combobox = container.querySelector(".select2-selection[role=combobox]");
      const rendered = container.querySelector(".select2-selection__rendered");
      let name = labelFor(select.id);
      if (!name) {
        const cell = select.closest("td");
        const table = cell && cell.closest("table");
        if (table) name = table.querySelectorAll("thead th")[Array.from(cell.parentNode.children).indexOf(cell)];
      }
      if (!name || !combobox) return;
      const nameId = idFor(name, "label");
      const renderedId = rendered ? idFor(rendered, "selection") : "";
      combobox.setAttribute("aria-labelledby", `${nameId} ${renderedId}`.trim());
      if (rendered) rendered.setAttribute("aria-labelledby", nameId);
    });
  }

  // The rich-text editor is named by its field's label.
  function nameRichTextEditors() {
    document.querySelectorAll(".ProseMirror[contenteditable]").forEach((editor) => {
      if (editor.hasAttribute("aria-labelledby")) return;
      const wrapper = editor.closest(".prose-editor") || editor.parentElement;
      const textarea = wrapper && wrapper.parentElement.querySelector("textarea");
      const label = labelFor(textarea && textarea.id);
      if (label) editor.setAttribute("aria-labelledby", idFor(label, "label"));
    });
  }

  function nameEverything() {
    nameTabularInlines();
    nameSplitDateTimes();
    nameSelect2Boxes();
    nameRichTextEditors();
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      nameEverything();
    });
  }

  function start() {
    nameEverything();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
