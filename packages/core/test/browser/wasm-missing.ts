/**
 * A page whose wasm binaries are not where they were said to be (run alone by ../browser.test.ts in a
 * fresh page: tfjs starts wasm once per page): the error names the URL and the HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { useBackend } from '../../src/backend/backend';
import { BackendError } from '../../src/errors';

describe('wasm binaries missing', () => {
  it('is a BackendError naming the URL tfjs fetched and its HTTP status', async () => {
    const wasmPaths = new URL('./no-such-folder/', location.href).href;
    const error = await useBackend('wasm', { verbose: false, wasmPaths }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).name).toBe('BackendError');
    expect((error as BackendError).backend).toBe('wasm');
    expect((error as Error).message).toMatch(
      /wasm backend failed to initialise \(fetching http:\/\/127\.0\.0\.1:\d+\/no-such-folder\/tfjs-backend-wasm-simd\.wasm failed with HTTP 404 Not Found; .*wasmPaths/,
    );
  });
});
