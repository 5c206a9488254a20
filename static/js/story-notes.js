// Notes panel: "Quote the selected text" copies the words selected in the story body into
// the quote box. Without JavaScript the button stays hidden and the box is filled by hand.
(function () {
  "use strict";
  var button = document.querySelector(".note-quote-selection");
  var box = document.getElementById("id_note_quote");
  if (!button || !box) return;
  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var text = String(window.getSelection() || "").trim();
    if (text) lastSelection = text;
  });
  button.hidden = false;
  button.addEventListener("click", function () {
    if (lastSelection) {
      box.value = lastSelection.slice(0, 1000);
      box.focus();
    }
  });
})();
