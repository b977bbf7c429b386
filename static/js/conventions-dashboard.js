/* Charts of a convention's activity dashboard (Chart.js 4, vendored).
   The figures come from a json_script element; the page shows the same figures in tables.
   Issue 18: no label is cut. The months are short French names; the activities' long names
   are wrapped into lines no wider than half the chart (Chart.js's limit for a side axis), and
   the chart is as tall as its lines need. */
(function () {
  "use strict";

  var LINE_HEIGHT = 15; // px, Chart.js's 12 px font at 1.2
  var ROW_PADDING = 14; // px between two bars' labels

  /* The words of `text` in lines no wider than `width` px, as `ctx` measures them; a word
     longer than a line stands alone on its line (never cut). */
  function wrap(ctx, text, width) {
    var lines = [];
    var line = "";
    String(text)
      .split(/\s+/)
      .forEach(function (word) {
        var tried = line ? line + " " + word : word;
        if (line && ctx.measureText(tried).width > width) {
          lines.push(line);
          line = word;
        } else {
          line = tried;
        }
      });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function labelWidth(chartWidth) {
    // Half the chart, less the ticks' padding and a margin for the axis.
    return Math.max(80, chartWidth / 2 - 24);
  }

  function start() {
    var source = document.getElementById("donnees-tableau-de-bord");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var Chart = window.Chart;
    var data = JSON.parse(source.textContent);
    var blue = "#1d4e89";
    var orange = "#b45309";
    var hours = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
    var font = Chart.helpers.toFont(Chart.defaults.font).string;
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = font;

    var months = document.getElementById("graphique-mois");
    if (months) {
      new Chart(months, {
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
          scales: {
            // Every month written, never skipped; turned only when a phone lacks the room.
            x: { ticks: { autoSkip: false, maxRotation: 90 } },
            y: { beginAtZero: true, title: { display: true, text: "heures" } },
          },
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
      var box = kinds.parentNode;
      var lines = function (width) {
        return data.kinds.map(function (label) {
          return wrap(measure, label, labelWidth(width));
        });
      };
      var fitHeight = function (width) {
        var most = Math.max.apply(
          null,
          lines(width).map(function (l) {
            return l.length;
          }).concat([1])
        );
        var height = data.kinds.length * (most * LINE_HEIGHT + ROW_PADDING) + 48;
        box.style.height = height + "px";
      };
      fitHeight(box.clientWidth);
      new Chart(kinds, {
        type: "bar",
        data: {
          labels: data.kinds,
          datasets: [{ label: "Heures", data: data.kindHours, backgroundColor: blue }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          onResize: function (chart, size) {
            fitHeight(size.width);
          },
          plugins: { legend: { display: false } },
          scales: {
            x: { beginAtZero: true },
            y: {
              ticks: {
                autoSkip: false,
                callback: function (value) {
                  return wrap(measure, this.getLabelForValue(value), labelWidth(this.chart.width));
                },
              },
            },
          },
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
