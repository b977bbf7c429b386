/* Charts of the funding pages, drawn from data the page embeds with json_script.
   The tables beside each chart carry the same figures for screen readers and printing. */
(function () {
  "use strict";

  var NAVY = "#1b365d";
  var TEAL = "#0f7a6c";
  var euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function bars(canvasId, labels, series, formatter) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: 2.2,
        animation: false,
        plugins: {
          legend: { position: "bottom", labels: { color: "#212529" } },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + " : " + formatter(context.parsed.y);
              },
            },
          },
        },
        scales: {
          x: { ticks: { color: "#212529" } },
          y: { beginAtZero: true, ticks: { color: "#212529", callback: formatter } },
        },
      },
    });
  }

  function start() {
    var money = read("donnees-financements");
    if (money) {
      bars(
        "graphique-financements",
        money.labels,
        [
          { label: "Prévu", data: money.scheduled, color: NAVY },
          { label: "Versé", data: money.paid, color: TEAL },
        ],
        function (value) { return euros.format(value); }
      );
    }
    var envelope = read("donnees-enveloppe");
    if (envelope) {
      bars(
        "graphique-enveloppe",
        envelope.labels,
        [
          { label: "Mesures allouées", data: envelope.allocated, color: NAVY },
          { label: "Mesures engagées", data: envelope.committed, color: TEAL },
        ],
        function (value) { return value + " mesures"; }
      );
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
