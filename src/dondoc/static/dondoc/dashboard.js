// Đôn Đốc: the dashboard's charts and its copy button (reports/templates/reports/_dashboard.html).
// The numbers and the links come from the page's <script type="application/json" id="chart-data">
// (no script is written inside the page: the Content-Security-Policy allows this site's files
// only). Each chart has a table with the same numbers and links under it, which screen readers
// and phones read; a click on a part of a bar opens the tasks behind that number.
(() => {
  const BAR_HEIGHT = 26; // pixels per unit in the horizontal chart
  const MIN_HEIGHT = 180;

  function draw(box, data) {
    if (typeof Chart === "undefined" || !data || !data.labels.length) return;
    const horizontal = box.dataset.chartKind === "units";
    const height = horizontal ? Math.max(MIN_HEIGHT, data.labels.length * BAR_HEIGHT + 80) : 300;
    box.style.height = `${height}px`; // CSSOM, which the policy allows (not a style attribute)
    box.classList.add("is-drawn");
    const canvas = box.querySelector("canvas");
    const datasets = data.series.map((series) => ({
      label: series.label,
      data: series.data,
      links: data.bases.map((base) => base + series.part),
      backgroundColor: series.color,
      borderWidth: 0,
      maxBarThickness: horizontal ? 20 : 48,
    }));
    const valueAxis = { stacked: true, beginAtZero: true, ticks: { precision: 0 } };
    const labelAxis = { stacked: true, ticks: { autoSkip: !horizontal } };
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14 } },
          tooltip: { mode: "nearest", intersect: true },
        },
        onHover: (event, elements) => {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: (event, elements) => {
          const hit = elements[0];
          if (!hit) return;
          const link = datasets[hit.datasetIndex].links[hit.index];
          if (link && datasets[hit.datasetIndex].data[hit.index]) window.location.assign(link);
        },
      },
    });
    box.chart = chart;
  }

  // The narrative's copy button: the clipboard API, else a selection copied the old way; the
  // button then says it was copied (and a status line says it to screen readers).
  function copied(button, ok) {
    const status = document.querySelector("[data-copy-status]");
    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    const said = ok ? button.dataset.copiedLabel : button.dataset.copyFailedLabel;
    button.textContent = ok ? said : label;
    button.classList.toggle("btn-success", ok);
    button.classList.toggle("btn-outline-secondary", !ok);
    if (status) status.textContent = said;
    if (ok) setTimeout(() => {
      button.textContent = label;
      button.classList.remove("btn-success");
      button.classList.add("btn-outline-secondary");
    }, 3000);
  }

  function fallbackCopy(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    return ok; // the text stays selected, for Ctrl+C if the copy failed
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    const source = document.querySelector(button.dataset.copy);
    if (!source) return;
    const text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        () => copied(button, true),
        () => copied(button, fallbackCopy(source)),
      );
    } else {
      copied(button, fallbackCopy(source));
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    const script = document.getElementById("chart-data");
    if (!script) return;
    const data = JSON.parse(script.textContent);
    document.querySelectorAll("[data-chart]").forEach((box) => draw(box, data[box.dataset.chart]));
  });
})();
