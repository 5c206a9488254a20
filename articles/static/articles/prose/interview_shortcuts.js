/* Keyboard shortcuts for interview markup in the story body (django-prose-editor extension):
   Ctrl+Alt+Q question, Ctrl+Alt+A answer (paragraph classes), Ctrl+Alt+P pull quote (wraps
   the paragraph in a blockquote.pull-quote). Cmd+Option on a Mac. Pressing the same
   shortcut again removes the style. The NodeClass extension (Block style menu) does the
   work, so the markup is exactly what the menu makes. */
import { Extension } from "django-prose-editor/editor"

function paragraphStyle(editor, className) {
  const { $from } = editor.state.selection
  if ($from.parent.type.name !== "paragraph") return false
  if ($from.parent.attrs.class === className) {
    return editor.commands.unsetNodeClass("paragraph")
  }
  return editor.commands.setNodeClass("paragraph", className)
}

function pullQuote(editor) {
  if (editor.isActive("blockquote", { class: "pull-quote" })) {
    return editor.commands.lift("blockquote")
  }
  if (!editor.isActive("blockquote") && !editor.commands.wrapIn("blockquote")) return false
  return editor.commands.setNodeClass("blockquote", "pull-quote")
}

export const InterviewShortcuts = Extension.create({
  name: "interviewShortcuts",

  addKeyboardShortcuts() {
    return {
      "Mod-Alt-q": () => paragraphStyle(this.editor, "question"),
      "Mod-Alt-a": () => paragraphStyle(this.editor, "answer"),
      "Mod-Alt-p": () => pullQuote(this.editor),
    }
  },
})
