/* Maillage on every page (issue 18): tables as stacked cards on a phone, focus after a change.
   Loaded with `defer`: the document is parsed when it runs. */
(function () {
  "use strict";

  /* Each cell of a `.mg-table` gets its column's name (data-label) and explicit roles, so that
     the CSS can stack the rows as cards on a phone without losing the table's semantics. */
  function cardTables(root) {
    root.querySelectorAll("table.mg-table:not(.mg-cards)").forEach(function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) {
        return;
      }
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (cell) {
        var text = cell.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (cell.colSpan || 1); i += 1) {
          labels.push(text);
        }
      });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.children, function (group) {
        if (group.tagName !== "CAPTION") {
          group.setAttribute("role", "rowgroup");
        }
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var header = row.parentNode === table.tHead;
          if (header) {
            cell.setAttribute("role", "columnheader");
          } else if (cell.tagName === "TH") {
            cell.setAttribute("role", "rowheader");
          } else {
            cell.setAttribute("role", "cell");
          }
          var label = labels[column];
          if (!header && label && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", label);
          }
          column += cell.colSpan || 1;
        });
      });
      table.classList.add("mg-cards");
      var wrapper = table.closest(".mg-table-wrapper");
      if (wrapper) {
        wrapper.classList.add("mg-cards-wrapper");
      }
    });
  }

  /* After a change, the confirmation (role="status") is where the focus goes; when the page
     points at the saved item (#rencontre-12), the item takes the focus and the confirmation
     describes it. */
  function focusConfirmation() {
    var message = document.querySelector(".mg-messages .alert");
    if (!message) {
      return;
    }
    if (!message.id) {
      message.id = "confirmation";
    }
    var target = null;
    if (window.location.hash.length > 1) {
      target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    }
    if (target && message.getAttribute("role") === "status") {
      target.setAttribute("tabindex", "-1");
      target.setAttribute("aria-describedby", message.id);
      target.classList.add("mg-saved");
      target.focus();
    } else {
      message.setAttribute("tabindex", "-1");
      message.focus();
    }
  }

  cardTables(document);
  focusConfirmation();
  /* The browser scrolls to the URL's fragment (#rencontre-12) once the page has loaded, and
     on a slow machine that can leave the focus on the page itself: give it back then. */
  window.addEventListener("load", function () {
    if (!document.activeElement || document.activeElement === document.body) {
      focusConfirmation();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    /* An outerHTML swap replaces the target: look for its successor by id. */
    var target = event.detail.target;
    var root = target.isConnected ? target : document.getElementById(target.id) || document;
    cardTables(root);
    var status = root.querySelector('[role="status"]');
    if (status) {
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
  });
})();
