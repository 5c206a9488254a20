"""The story body pipeline: parsed once, sanitised once, rendered once, at save time.

    clean.py     the allow-list (nh3), the one HTML parser (lxml) and the nesting cap
    speakers.py  who may speak in a story (interviewees and bylines) and how labels name them
    pipeline.py  the sanitised tree -> reader HTML (Q&A speakers, pull quotes, inline photos,
                 heading ids), feed HTML, plain text, word count, pull quotes, photo expiry
    rebuild.py   when the stored outputs are rebuilt (the story, its people, bylines, photos)

Article stores the outputs (articles/models/body.py); pages only read them.
"""
