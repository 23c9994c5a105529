"""Two ways to drive a page: with the mouse, or with the keyboard only.

Journeys are written once against these small drivers, so the same steps run
clicked and keyboard-only. The keyboard driver reaches every control with Tab
alone and, at every stop, checks that focus is visible and moved forward.
"""

from __future__ import annotations

# True when the focused control shows a focus style: a real outline or a
# box-shadow on it, or (for nhsuk's visually hidden checkboxes and radios)
# the box-shadow on its label's ::before box.
FOCUS_IS_VISIBLE_JS = """
(el) => {
  const shows = (s) =>
    (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      && !/transparent|rgba\\([^)]*,\\s*0\\)/.test(s.outlineColor))
    || (s.boxShadow && s.boxShadow !== "none");
  if (shows(getComputedStyle(el))) return true;
  if (el.matches("input[type=checkbox], input[type=radio]") && el.labels.length) {
    return shows(getComputedStyle(el.labels[0], "::before"));
  }
  return false;
}
"""
DESCRIBE_JS = """
(el) => el ? `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}`
  + `${el.name ? " name=" + el.name : ""}> ${(el.innerText || el.value || "")
  .trim().slice(0, 40)}` : "nothing"
"""
# Focus moved forward: the new element comes after the old one in the page.
IS_AFTER_JS = """
([before, after]) => !before || before === document.body
  || before === after.ownerDocument.body
  || Boolean(before.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING)
"""
MAX_TABS = 400


class MouseDriver:
    """Clicks and fills, as most visitors do."""

    keyboard_only = False

    def __init__(self, page):
        self.page = page

    def fill(self, locator, text: str) -> None:
        """Type ``text`` into a field."""
        locator.fill(text)

    def tick(self, locator) -> None:
        """Tick a checkbox or choose a radio button."""
        locator.check()

    def expand(self, summary) -> None:
        """Open a <details> by its <summary>."""
        summary.click()

    def activate(self, locator) -> None:
        """Follow a link or press a button."""
        locator.click()


class KeyboardDriver:
    """Tab, Space, Enter and typing only: never a click."""

    keyboard_only = True

    def __init__(self, page):
        self.page = page
        self.stops: list[str] = []

    def active(self):
        """The element that has focus now."""
        return self.page.evaluate_handle("() => document.activeElement")

    def tab(self) -> None:
        """Press Tab once; check focus moved forward and can be seen."""
        before = self.active()
        self.page.keyboard.press("Tab")
        after = self.active()
        described = self.page.evaluate(DESCRIBE_JS, after)
        self.stops.append(described)
        assert self.page.evaluate(IS_AFTER_JS, [before, after]), (
            f"Tab moved focus backwards (a trap?) to {described} on {self.page.url}; "
            f"last stops: {self.stops[-5:]}"
        )
        assert self.page.evaluate(FOCUS_IS_VISIBLE_JS, after), (
            f"no visible focus on {described} at {self.page.url}"
        )

    def tab_to(self, locator) -> None:
        """Press Tab until ``locator`` has focus (failing if it never does)."""
        target = locator.element_handle()
        for _ in range(MAX_TABS):
            if self.page.evaluate("(t) => document.activeElement === t", target):
                return
            self.tab()
        raise AssertionError(
            f"Tab never reached {self.page.evaluate(DESCRIBE_JS, target)} on "
            f"{self.page.url}; last stops: {self.stops[-8:]}"
        )

    def tab_to_footer(self, address: str) -> int:
        """Open ``address`` and Tab from the top into the footer; return the stops."""
        self.page.goto(address)
        for count in range(1, MAX_TABS + 1):
            self.tab()
            if self.page.evaluate(
                "() => Boolean(document.activeElement.closest('footer'))"
            ):
                return count
        raise AssertionError(f"Tab never reached the footer on {self.page.url}")

    def fill(self, locator, text: str) -> None:
        """Tab to a field and type ``text``."""
        self.tab_to(locator)
        self.page.keyboard.type(text)

    def tick(self, locator) -> None:
        """Tab to a checkbox and press Space; radios are chosen with the arrows."""
        if locator.get_attribute("type") == "radio":
            self._choose_radio(locator)
            return
        self.tab_to(locator)
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def _choose_radio(self, locator) -> None:
        # Tab enters a radio group once (on its first or checked button);
        # the arrow keys then move through the group and choose.
        name = locator.get_attribute("name")
        group = self.page.locator(f"input[type=radio][name='{name}']")
        target = locator.element_handle()
        for _ in range(MAX_TABS):
            if self.page.evaluate("(n) => document.activeElement.name === n", name):
                break
            self.tab()
        for _ in range(group.count()):
            if self.page.evaluate("(t) => document.activeElement === t", target):
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def expand(self, summary) -> None:
        """Tab to a <summary> and open it with Enter."""
        self.tab_to(summary)
        self.page.keyboard.press("Enter")

    def activate(self, locator) -> None:
        """Tab to a link or button and press Enter."""
        self.tab_to(locator)
        self.page.keyboard.press("Enter")
