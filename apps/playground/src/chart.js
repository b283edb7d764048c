// Line charts on uPlot (small, fast, kept up to date on npm): `lossChart` for curves that grow step
// by step (several series, possibly on different steps), `fitChart` for a fitted function.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

const logTick = (v) =>
  v == null ? '' : v >= 0.01 && v < 1e4 ? String(+v.toPrecision(3)) : v.toExponential(0);

const size = (el) => ({ width: Math.max(280, Math.min(640, el.clientWidth || 560)), height: 220 });

/**
 * A chart of named series against the step (or `xLabel`: seconds…); `add(series, step, value)`
 * appends a point.
 * @param {HTMLElement} el
 * @param {{ series: string[], logY?: boolean, yLabel?: string, xLabel?: string }} options
 */
export function lossChart(el, { series, logY = true, yLabel = 'loss', xLabel = 'step' }) {
  const rows = new Map(); // step -> values by series index
  const index = new Map(series.map((s, i) => [s, i]));
  const plot = new uPlot(
    {
      ...size(el),
      scales: { x: { time: false }, y: { distr: logY ? 3 : 1 } },
      axes: [
        { label: xLabel },
        // Log axes spanning many decades: 1e-12 rather than uPlot's rounded "0".
        logY ? { label: yLabel, size: 60, values: (_, ticks) => ticks.map(logTick) } : { label: yLabel },
      ],
      series: [
        { label: xLabel },
        ...series.map((s, i) => ({ label: s, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true })),
      ],
    },
    [[], ...series.map(() => [])],
    el,
  );
  let queued = false;
  const redraw = () => {
    queued = false;
    const steps = [...rows.keys()].sort((a, b) => a - b);
    plot.setData([steps, ...series.map((_, i) => steps.map((s) => rows.get(s)[i] ?? null))]);
  };
  return {
    add(name, step, value) {
      const i = index.get(name);
      if (i === undefined) return;
      if (!rows.has(step)) rows.set(step, []);
      rows.get(step)[i] = value > 0 || !logY ? value : null;
      if (!queued) {
        queued = true;
        requestAnimationFrame(redraw);
      }
    },
    clear() {
      rows.clear();
      redraw();
    },
    destroy: () => plot.destroy(),
  };
}

/**
 * The target function and the model's prediction on 101 points of [-1, 1].
 * @param {HTMLElement} el
 */
export function fitChart(el, { target }) {
  const xs = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
  const plot = new uPlot(
    {
      ...size(el),
      scales: { x: { time: false } },
      axes: [{ label: 'x' }, { label: 'y' }],
      series: [
        { label: 'x' },
        { label: 'target', stroke: '#9ca3af', width: 2, dash: [6, 4] },
        { label: 'model', stroke: COLORS[0], width: 2 },
      ],
    },
    [xs, xs.map(target), xs.map(() => null)],
    el,
  );
  return {
    setPrediction(ys) {
      plot.setData([xs, xs.map(target), ys]);
    },
    destroy: () => plot.destroy(),
  };
}
