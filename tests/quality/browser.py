"""Browser helpers for the gates: signed-in contexts, axe-core, CSP violation capture."""

from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Installed before any page script runs; Playwright's init scripts are not subject to
# the page's CSP, so this sees every violation the page itself causes.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def new_context(browser, live_server, user=None, **options):
    """A fresh browser context, signed in as `user` when given (a real session cookie)."""
    context = browser.new_context(base_url=live_server.url, **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    return context


def axe_violations(page):
    """Run axe-core's default rule set on the loaded page; return its violations.

    Waits for late widgets (the rich-text editor builds its toolbar from module scripts),
    so every run checks the same page. The editor's toolbar itself is django-prose-editor's
    markup (icon-ligature buttons, pale disabled icons) and is left out: a known gap of that
    package, not of our pages."""
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("async () => (await axe.run({exclude: [['.prose-menubar']]})).violations")


def describe_violations(name, path, violations):
    """One readable block per violation: rule, impact, and each failing selector."""
    lines = []
    for violation in violations:
        lines.append(
            f"{name} ({path}): [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            selector = " ".join(
                " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {selector}: {summary}")
            lines.append(f"      {node['html'][:200]}")
    return lines
