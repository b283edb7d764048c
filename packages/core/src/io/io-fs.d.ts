// Types of the `#io-fs` subpath import (package.json `imports`: dist/io-fs-node.* under Node,
// dist/io-fs-browser.* elsewhere). Declared here rather than mapped with tsconfig `paths`, which
// esbuild would follow into src/ when bundling dist/ inside the workspace.
declare module '#io-fs' {
  export const ioFs: import('./fs-types').IoFs;
}
