// Draws the trends charts with the vendored Chart.js from the page's
// <script type="application/json" id="trends-data"> block (no request, so the
// charts draw from a cached page offline too). The "Week by week" table on the
// page carries the same figures as text.
(() => {
  "use strict";
  const dataElement = document.getElementById("trends-data");
  if (!dataElement || !window.Chart) return;
  const series = JSON.parse(dataElement.textContent);
  const weekly = series.resolution === "week";
  const many = series.dates.length > 100;
  let charts = [];

  // Colours live in mend.css (light and dark), so they follow the theme.
  function colour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--mend-chart-" + name).trim();
  }

  // "2025-03-03" -> a local date; new Date("2025-03-03") would be UTC
  // midnight and show as the day before west of Greenwich.
  function toDate(iso) {
    const parts = iso.split("-");
    return new Date(+parts[0], +parts[1] - 1, +parts[2]);
  }
  // The page's own words for months and weekdays (checkin/core/dates.py), so
  // the charts say what its tables say, in whatever language the page is.
  const { months: MONTHS, weekdayAbbrs } = JSON.parse(document.getElementById("mend-config").textContent).dates;
  const weekday = (d) => weekdayAbbrs[(d.getDay() + 6) % 7]; // getDay(): Sunday is 0
  const ticks = series.dates.map((iso) => {
    const d = toDate(iso);
    return weekly ? MONTHS[d.getMonth()] + " " + d.getFullYear() : d.getDate() + " " + MONTHS[d.getMonth()];
  });
  const titles = series.dates.map((iso) => {
    const d = toDate(iso);
    const text = d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
    return weekly ? "Week of " + text : weekday(d) + " " + text;
  });
  const avgName = weekly ? series.avg_window + "-week average" : series.avg_window + "-day average";

  function daily(label, key, colourName, pointStyle) {
    return {
      label,
      data: series[key],
      borderColor: colour(colourName),
      backgroundColor: colour(colourName),
      borderWidth: 1,
      // Past ~100 points a line through every day is a scribble: dots only,
      // and the average line carries the shape.
      showLine: !many,
      pointRadius: many ? 1.5 : 3,
      pointStyle,
      spanGaps: false,
      clip: false, // a zero sits on the bottom edge: draw all of its dot
    };
  }

  // Solid, like its mark in the legend; pain and mood differ by colour
  // (orange and blue, apart for colour-blind eyes too) and by dot shape.
  function average(label, key, colourName) {
    return {
      label: label + ", " + avgName,
      data: series[key + "_avg"],
      borderColor: colour(colourName),
      backgroundColor: colour(colourName),
      borderWidth: 3,
      pointRadius: 0,
      pointStyle: "line",
      spanGaps: false,
      clip: false,
    };
  }

  // Built afresh for every draw, so a theme change picks up the new colours.
  function specs() {
    return {
      pain_mood: {
        datasets: [
          daily("Pain", "pain", "pain", "circle"),
          average("Pain", "pain", "pain"),
          daily("Mood", "mood", "mood", "rect"),
          average("Mood", "mood", "mood"),
        ],
        y: { title: "Score out of 10", min: 0, max: 10 },
      },
      sleep: {
        datasets: [daily("Sleep", "sleep", "sleep", "circle"), average("Sleep", "sleep", "sleep")],
        y: { title: "Hours", min: 0, suggestedMax: 10 },
      },
      exercise: {
        datasets: [daily("Activity", "exercise", "exercise", "circle"), average("Activity", "exercise", "exercise")],
        y: { title: weekly ? "Minutes a day" : "Minutes", min: 0, suggestedMax: 60 },
      },
    };
  }

  function options(y) {
    const text = colour("text");
    const grid = colour("grid");
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { color: text, usePointStyle: true, boxWidth: 10, boxHeight: 8, padding: 12 } },
        tooltip: { callbacks: { title: (items) => titles[items[0].dataIndex] } },
      },
      scales: {
        x: {
          title: { display: true, text: weekly ? "Week" : "Date", color: text },
          ticks: {
            color: text,
            maxRotation: 0,
            autoSkip: true,
            autoSkipPadding: 12,
            maxTicksLimit: 5,
            callback: (value, index) => ticks[index],
          },
          grid: { color: grid },
        },
        y: {
          min: y.min,
          max: y.max,
          suggestedMax: y.suggestedMax,
          title: { display: true, text: y.title, color: text },
          ticks: { color: text, precision: 0 },
          grid: { color: grid },
        },
      },
    };
  }

  // Axis, legend and tooltip text big enough to read on a phone.
  window.Chart.defaults.font.size = 14;

  function draw() {
    charts.forEach((chart) => chart.destroy());
    charts = [];
    const all = specs();
    document.querySelectorAll("canvas[data-trends-chart]").forEach((canvas) => {
      const spec = all[canvas.getAttribute("data-trends-chart")];
      if (!spec) return;
      charts.push(new window.Chart(canvas, { type: "line", data: { labels: series.dates, datasets: spec.datasets }, options: options(spec.y) }));
    });
  }

  draw();
  // theme.js flips data-bs-theme when the phone switches light/dark.
  new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ["data-bs-theme"] });
})();
