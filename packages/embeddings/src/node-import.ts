/**
 * `import()` of a Node built-in through a variable specifier, so that browser bundlers (esbuild,
 * Vite, webpack) neither resolve nor bundle it: the code paths that call it run only under Node.
 *
 * @example
 * ```ts
 * const fs = (await nodeImport('node:fs')) as typeof import('node:fs');
 * ```
 */
export const nodeImport = (spec: string): Promise<unknown> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ spec);
