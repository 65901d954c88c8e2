"""Whether a page's layout holds on the screen it is shown on: no sideways scrolling, nothing sticking out of the
window, no button too narrow for its words."""

PHONE = {"width": 390, "height": 844}

# Elements hidden on purpose (for screen readers only, the honeypot, the skip link until focused) are left out.
FIND_OVERFLOWS = """() => {
    const window_width = document.documentElement.clientWidth;
    const found = [];
    const page_width = document.documentElement.scrollWidth;
    if (page_width > window_width) found.push(`the page is ${page_width}px wide in a ${window_width}px window`);
    const describe = element => element.outerHTML.slice(0, 160);
    for (const element of document.body.querySelectorAll("*")) {
        if (element.closest(".visually-hidden, .hp-field, .skip-link, script, style")) continue;
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > window_width + 1) {
            found.push(`${describe(element)} ends at ${Math.round(box.right)}px`);
        }
    }
    for (const button of document.querySelectorAll("button, .campaign-button")) {
        if (button.clientWidth > 0 && button.scrollWidth > button.clientWidth + 1) {
            found.push(`${describe(button)}: words ${button.scrollWidth}px wide in ${button.clientWidth}px`);
        }
    }
    return found;
}"""


def assert_layout_holds(page):
    # Measured once the stylesheets apply: before them, the map's iframe is its 800 px HTML width.
    page.wait_for_load_state()
    overflows = page.evaluate(FIND_OVERFLOWS)
    assert not overflows, f"On {page.url}:\n" + "\n".join(f"- {overflow}" for overflow in overflows)
