/* An inline photo in a story body: <figure class="inline-photo" data-photo="ID"></figure>.
   Shown in the editor as a labelled block (the public page renders the real picture with
   caption and credit). Editors paste it from the photo's admin page ("Copy"). */
import { Node, mergeAttributes } from "django-prose-editor/editor"

export const InlinePhoto = Node.create({
  name: "inlinePhoto",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      photo: {
        default: null,
        parseHTML: (element) => {
          const value = element.getAttribute("data-photo") || ""
          return /^\d+$/.test(value) ? value : null
        },
        renderHTML: (attributes) => ({ "data-photo": attributes.photo }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure.inline-photo[data-photo]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", mergeAttributes({ class: "inline-photo" }, HTMLAttributes)]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure")
      dom.className = "inline-photo inline-photo--editor"
      dom.setAttribute("data-photo", node.attrs.photo || "")
      dom.setAttribute("contenteditable", "false")
      dom.textContent = `Photo ${node.attrs.photo} (shown here with its caption and credit)`
      dom.style.cssText =
        "border:2px dashed #79aec8;padding:.75em;margin:1em 0;color:#417690;font-weight:bold;"
      return { dom }
    }
  },
})
