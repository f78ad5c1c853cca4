"""Helpers for browser tests: axe-core checks and signing in."""

from __future__ import annotations

from pathlib import Path

from hearth.core.testing import PASSWORD

AXE_JS = (
    Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """Run axe-core on the current page; return readable violations."""
    # evaluate() runs outside the page's CSP, so axe needs no inline script.
    page.evaluate(AXE_JS.read_text() + "\n;true")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def sign_in(page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/")


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when HEARTH_SCREENSHOT_DIR is set (for review)."""
    import os

    folder = os.environ.get("HEARTH_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
