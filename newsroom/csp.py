"""Content-Security-Policy middleware (the policy itself is CONTENT_SECURITY_POLICY in settings).

Public pages get the policy as configured: no inline script or style at all.
The admin's rich-text editor (django-prose-editor, built on Tiptap) needs two inline
pieces, allowed for exactly those and only under /admin/:
- its `<script type="importmap">`: admin form media get the request's CSP nonce, which
  django-csp then adds to that response's header (settings: script-src NONCE);
- the small base stylesheet Tiptap injects as a `<style>` element: allowed by its hash.
  After upgrading django-prose-editor, tests/quality/test_csp_in_browser.py fails and
  names the new hash if that stylesheet changed.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.urls import reverse

# sha256 of Tiptap's injected base CSS in django-prose-editor 0.28's editor.js.
PROSE_EDITOR_STYLE_HASHES = ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]


class CSPMiddleware(BaseCSPMiddleware):
    def process_template_response(self, request, response):
        media = (response.context_data or {}).get("media")
        # django-js-asset's Media (prose-editor's widgets) renders its import map with
        # the nonce it carries; a plain forms.Media has no inline script and needs none.
        if getattr(media, "_importmap", None) is not None:
            response.context_data["media"] = media.with_nonce(request.csp_nonce)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": PROSE_EDITOR_STYLE_HASHES}
        return parts
