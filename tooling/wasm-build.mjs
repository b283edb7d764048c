// Build-time helpers for the packages that compile AssemblyScript to WebAssembly and embed the binary
// (core's SIMD kernels, embeddings' word2vec kernel, tokenizers' tokenizer.json loader). Each of those
// modules works on memory its host lays out, so the build refuses a binary that could write to memory
// behind the host's back or keep state of its own.

/**
 * `asc` flags for a module that lives in its host's memory: no runtime or allocator, the memory
 * imported (not exported), no abort import, no assertions. Add the source, `-O…`, features and `-o`.
 */
export const HOST_MEMORY_FLAGS = [
  '--runtime',
  'stub',
  '--importMemory',
  '--noExportMemory',
  '--use',
  'abort=',
  '--noAssert',
];

/**
 * Compiles with AssemblyScript's `asc` (passed in: `assemblyscript` is a devDependency of the package
 * that builds, not of tooling); `args` must name the output `name` with `-o`. Returns the binary.
 *
 * @example
 * const bytes = await compileAssemblyScript(asc, [source, '-O3', '-o', 'k.wasm'], 'k.wasm');
 */
export async function compileAssemblyScript(asc, args, name) {
  const files = {};
  const stderr = [];
  const { error } = await asc.main(args, {
    writeFile: (file, contents) => {
      files[file] = contents;
    },
    stderr: { write: (s) => stderr.push(String(s)) },
    stdout: { write: () => {} },
  });
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.join('')}`);
  if (!files[name]) throw new Error(`asc wrote no ${name}\n${stderr.join('')}`);
  return Buffer.from(files[name]);
}

/**
 * Throws unless `bytes` imports exactly `env.memory`, exports functions only (`required` among them) and
 * has no memory, global, start, data or data-count section. `what` names the binary in errors.
 *
 * @example
 * checkHostMemoryModule(bytes, 'k.wasm', ['run']);
 */
export function checkHostMemoryModule(bytes, what, required = []) {
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod);
  if (
    imports.length !== 1 ||
    imports[0].module !== 'env' ||
    imports[0].name !== 'memory' ||
    imports[0].kind !== 'memory'
  )
    throw new Error(`${what} must import only env.memory, got ${JSON.stringify(imports)}`);
  const exported = WebAssembly.Module.exports(mod);
  if (
    exported.some((e) => e.kind !== 'function') ||
    required.some((n) => !exported.some((e) => e.name === n))
  )
    throw new Error(
      `${what} must export functions only, ${required.join(', ') || 'any'} among them: ${JSON.stringify(exported)}`,
    );
  // Walk the sections: 5 memory, 6 global, 8 start, 11 data, 12 data count are not allowed.
  const forbidden = { 5: 'memory', 6: 'global', 8: 'start', 11: 'data', 12: 'data count' };
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (forbidden[id]) throw new Error(`${what} has a ${forbidden[id]} section`);
    p += size;
  }
}

/**
 * The one byte in which a build importing a shared memory differs from the plain build (the memory
 * import's limits flags, 0x01 → 0x03); throws if they differ otherwise.
 *
 * @example
 * const offset = sharedFlagOffset(plain, shared, 'k.wasm');
 */
export function sharedFlagOffset(plain, shared, what) {
  const diff = [];
  for (let i = 0; i < Math.max(plain.length, shared.length); i++) if (plain[i] !== shared[i]) diff.push(i);
  if (
    plain.length !== shared.length ||
    diff.length !== 1 ||
    plain[diff[0]] !== 0x01 ||
    shared[diff[0]] !== 0x03
  )
    throw new Error(
      `${what}: the shared build should differ only in the memory import flags (differences at ${diff.slice(0, 5)})`,
    );
  return diff[0];
}
