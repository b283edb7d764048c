// Types of the `#platform` subpath import (package.json `imports`: dist/platform-node.* under Node,
// dist/platform-browser.* elsewhere); declared here for the same reason as `#io-fs` (src/io/io-fs.d.ts).
declare module '#platform' {
  export const platform: import('./platform-types').BackendPlatform;
}
