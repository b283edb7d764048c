// Attention heat maps on a canvas: one cell per (query row, key column), darker = more weight.
// Cells a mask forbids (the decoder's causal mask: a position never looks ahead) are hatched grey,
// so a masked zero is told apart from a learned zero. With labels, the tokens run along both axes.

/**
 * Draws `weights` (`[rows][cols]`, each row summing to 1) into `canvas`; `masked(i, j)` marks forbidden
 * cells; `labels` ({ rows, cols } token strings) adds axes. Returns the number of cells drawn with
 * weight > 0 (the e2e test reads it).
 */
export function drawHeatmap(canvas, weights, { masked = () => false, labels = null, cell = 6 } = {}) {
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  const ctx = canvas.getContext('2d');
  ctx.font = '12px system-ui, sans-serif';
  const width = (s) => ctx.measureText(s).width;
  const left = labels ? Math.ceil(Math.max(0, ...labels.rows.map(width))) + 8 : 0;
  const top = labels ? Math.ceil(Math.max(0, ...labels.cols.map(width))) + 8 : 0;
  canvas.width = left + cols * cell;
  canvas.height = top + rows * cell;
  ctx.font = '12px system-ui, sans-serif';
  let drawn = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = left + j * cell;
      const y = top + i * cell;
      if (masked(i, j)) {
        ctx.fillStyle = '#e4e4e4';
        ctx.fillRect(x, y, cell, cell);
        ctx.strokeStyle = '#bbb';
        ctx.beginPath();
        ctx.moveTo(x, y + cell);
        ctx.lineTo(x + cell, y);
        ctx.stroke();
        continue;
      }
      const w = Math.min(1, Math.max(0, weights[i][j]));
      if (w > 0) drawn++;
      // White (0) to dark blue (1), with a square root so small weights still show.
      const t = Math.sqrt(w);
      ctx.fillStyle = `rgb(${Math.round(255 - 225 * t)}, ${Math.round(255 - 180 * t)}, ${Math.round(255 - 95 * t)})`;
      ctx.fillRect(x, y, cell, cell);
    }
  }
  if (labels) {
    ctx.fillStyle = '#222';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    labels.rows.forEach((s, i) => {
      ctx.fillText(s, left - 4, top + (i + 0.5) * cell);
    });
    ctx.save();
    ctx.textAlign = 'left';
    labels.cols.forEach((s, j) => {
      ctx.save();
      ctx.translate(left + (j + 0.5) * cell, top - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(s, 0, 0);
      ctx.restore();
    });
    ctx.restore();
  }
  return drawn;
}

/** The causal mask of decoder self-attention: query i may not see key j > i. */
export const causal = (i, j) => j > i;
