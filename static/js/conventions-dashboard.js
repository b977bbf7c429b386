/* Charts of a convention's activity dashboard (Chart.js 4, vendored).
   The figures come from a json_script element; the page shows the same figures in tables. */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("donnees-tableau-de-bord");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var blue = "#1d4e89";
    var orange = "#b45309";
    var hours = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

    var months = document.getElementById("graphique-mois");
    if (months) {
      new window.Chart(months, {
        type: "bar",
        data: {
          labels: data.months,
          datasets: [
            { type: "bar", label: "Heures réalisées", data: data.hours, backgroundColor: blue },
            {
              type: "line",
              label: "Cible mensuelle",
              data: data.target,
              borderColor: orange,
              backgroundColor: orange,
              pointRadius: 0,
              borderDash: [6, 4],
            },
          ],
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: "heures" } } },
          plugins: {
            tooltip: {
              callbacks: {
                label: function (item) {
                  return item.dataset.label + " : " + hours.format(item.parsed.y) + " h";
                },
              },
            },
          },
        },
      });
    }

    var kinds = document.getElementById("graphique-activites");
    if (kinds) {
      new window.Chart(kinds, {
        type: "bar",
        data: {
          labels: data.kinds,
          datasets: [{ label: "Heures", data: data.kindHours, backgroundColor: blue }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true } },
        },
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
