// The header line: what this browser offers (cross-origin isolation and so wasm threads, WebAssembly
// SIMD and relaxed SIMD, WebGPU) and what the current page actually runs on, as its worker reports it.

// Two tiny modules that only validate when the engine knows their instructions (i8x16.popcnt for
// SIMD; i8x16.relaxed_swizzle for relaxed SIMD).
const SIMD = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
];
const RELAXED_SIMD = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2,
  253, 15, 253, 128, 2, 11,
];

const validates = (bytes) => {
  try {
    return WebAssembly.validate(new Uint8Array(bytes));
  } catch {
    return false;
  }
};

/** What the browser offers, measured once. */
export const capabilities = {
  isolated: globalThis.crossOriginIsolated === true,
  cores: navigator.hardwareConcurrency || 1,
  simd: validates(SIMD),
  relaxedSimd: validates(RELAXED_SIMD),
  webgpu: 'gpu' in navigator,
};

let backend = null;

const yesNo = (v) => (v ? 'yes' : 'no');

/** Redraws the header line. */
export function renderStatus() {
  const el = document.getElementById('status');
  if (!el) return;
  const c = capabilities;
  const threads = c.isolated
    ? `up to ${Math.max(1, Math.floor(c.cores / 2))}`
    : '1 (page not cross-origin isolated)';
  const active = backend
    ? `<b data-backend="${backend.name}">${backend.name}</b>${backend.threads ? `, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}` : ''}`
    : '<b data-backend="none">none</b> (this page runs plain JavaScript in a worker)';
  el.innerHTML = `<span title="${backend?.reason ?? ''}">backend: ${active}</span>
    <span>wasm threads: ${threads}</span>
    <span>SIMD: ${yesNo(c.simd)}</span>
    <span data-relaxed-simd="${c.relaxedSimd}">relaxed SIMD: ${yesNo(c.relaxedSimd)}</span>
    <span>WebGPU: ${yesNo(c.webgpu)}</span>`;
}

/**
 * Sets the active backend shown in the header: `{ name, threads, reason }` as core's `useBackend`
 * reports it, or `null` for pages without tensors.
 */
export function setBackend(info) {
  backend = info;
  renderStatus();
}
