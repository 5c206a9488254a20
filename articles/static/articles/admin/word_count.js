/* Live word count and reading time under the story body. A static file (the admin's CSP
   allows no inline script); without JavaScript the form works the same, with no count. */
;(function () {
  "use strict"

  const WORDS_PER_MINUTE = 230

  function countWords(text) {
    return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
  }

  function bodyText(field) {
    // The editable area; the menu also holds .ProseMirror samples of each block style.
    const editor = field.querySelector(".ProseMirror[contenteditable=true]")
    if (editor) return editor.innerText
    const textarea = field.querySelector("textarea")
    return textarea ? textarea.value.replace(/<[^>]*>/g, " ") : ""
  }

  function setUp() {
    const field = document.querySelector(".form-row.field-body")
    if (!field || field.querySelector(".word-count")) return
    const output = document.createElement("p")
    output.className = "word-count help"
    output.id = "story-word-count"
    const anchor = field.querySelector(".help") || field.lastElementChild
    anchor.parentNode.insertBefore(output, anchor)

    let pending = false
    function update() {
      pending = false
      const words = countWords(bodyText(field))
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE))
      output.textContent =
        `${words.toLocaleString()} word${words === 1 ? "" : "s"} · ` +
        `about ${minutes} min read`
    }
    function schedule() {
      if (!pending) {
        pending = true
        window.requestAnimationFrame(update)
      }
    }
    field.addEventListener("input", schedule)
    field.addEventListener("keyup", schedule)
    document.addEventListener("prose-editor:ready", schedule)
    update()
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp)
  } else {
    setUp()
  }
})()
