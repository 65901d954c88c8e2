"""axe-core (from the npm registry, tests/e2e/package.json) run inside a page by Playwright."""

import json
from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """axe's violations of all its rules on the page as it is now.

    The script is added as an inline <script>, which a Content-Security-Policy refuses: pages checked with axe
    come from a browser context made with `bypass_csp=True`.
    """
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=AXE_SCRIPT)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(results => results.violations)")


def assert_no_serious_violations(page, name, report_folder):
    """Fail on serious or critical violations; every violation found is written to `report_folder`/`name`.json."""
    violations = axe_violations(page)
    report_folder.mkdir(parents=True, exist_ok=True)
    (report_folder / f"{name}.json").write_text(json.dumps(violations, indent=2))
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(
        f"- {violation['impact']} {violation['id']}: {violation['help']} at "
        + ", ".join(json.dumps(node["target"]) for node in violation["nodes"][:5])
        for violation in blocking
    )
