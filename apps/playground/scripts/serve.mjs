#!/usr/bin/env node
// Serves the built playground (dist/) on 127.0.0.1 with COOP/COEP, so the page is cross-origin
// isolated and tfjs' wasm backend can use threads, and prints the URL. `PORT=8080` picks the port;
// `--check` serves, prints the URL and exits (what the tests use).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '@glossa/tooling/browser';
import { ROUTES } from '../src/routes.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(`${dist}index.html`)) {
  console.error(
    `playground: ${dist}index.html is missing; build first: pnpm --filter @glossa/playground build`,
  );
  process.exit(1);
}
const server = await startServer({ root: dist, port: Number(process.env.PORT ?? 5175) });
console.log(`glossa playground: ${server.url} (cross-origin isolated; Ctrl-C stops)`);
for (const route of ROUTES) console.log(`  ${server.url}${route.path}  ${route.title}`);
if (process.argv.includes('--check')) await server.close();
else
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => server.close().then(() => process.exit(0)));
