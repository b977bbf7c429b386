// Django's admin widgets, named for assistive technologies (issue 18: 0 axe violation on the
// pages a director uses). The two-box select labels its search icons with aria-label on a
// plain span (an image, then); select2's autocomplete box has no name of its own: it takes
// the field's label; a read-only inline table that scrolls on a phone is made focusable.
// Widgets are drawn after the page loads, hence the observer.
(function () {
  "use strict";

  function labelOf(select) {
    if (!select || !select.id) return null;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-libelle";
    return label.id;
  }

  // A read-only table of an admin page scrolls sideways on a phone: the keyboard must reach it.
  const FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea";

  function fix() {
    document.querySelectorAll(".inline-group:not([tabindex])").forEach(function (group) {
      if (group.querySelector(FOCUSABLE)) return;
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "region");
      const title = group.querySelector("h2");
      if (title) {
        if (!title.id) title.id = group.id + "-titre";
        group.setAttribute("aria-labelledby", title.id);
      }
    });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll(".select2-container").forEach(function (container) {
      const labelId = labelOf(container.previousElementSibling);
      if (!labelId) return;
      container.querySelectorAll(".select2-selection[role], .select2-selection__rendered[role]")
        .forEach(function (box) {
          // select2 names the box after its current value, empty while nothing is chosen.
          const names = (box.getAttribute("aria-labelledby") || "").split(" ");
          if (names.indexOf(labelId) === -1) {
            box.setAttribute("aria-labelledby", [labelId].concat(names).join(" ").trim());
          }
        });
    });
  }

  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", fix);
})();
