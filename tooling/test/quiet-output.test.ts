import { describe, expect, it } from 'vitest';
import { DAWN_LIMIT_NOTICE, lineFilter, runFiltered } from '../quiet-output.mjs';

const uniform =
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.';
const storage = uniform.replace('Uniform', 'Storage');

describe("npm test drops exactly Dawn's adapter-limit notice", () => {
  it("removes the two notice lines (bare, behind turbo's coloured prefix, split across chunks) and keeps the rest", () => {
    const f = lineFilter(DAWN_LIMIT_NOTICE);
    const out = [
      f.push(`a\n${uniform}\n\u001b[36m@glossa/core:test: \u001b[0m${storage}\r\nb `),
      f.push(`${uniform.slice(0, 30)}`),
      f.push(`${uniform.slice(30)}\nWarning: maxDynamicUniformBuffersPerPipelineLayout is 8\n`),
      f.push('tail without newline'),
      f.end(),
    ].join('');
    expect(out).toBe(
      `a\nb ${uniform}\nWarning: maxDynamicUniformBuffersPerPipelineLayout is 8\ntail without newline`,
    );
    expect(f.dropped).toBe(2);
  });

  it('streams a child process through the filter and returns its exit status', async () => {
    const script = `process.stderr.write(${JSON.stringify(`${uniform}\n${storage}\n`)}); console.log('kept'); process.exit(3)`;
    const { status, dropped } = await runFiltered(process.execPath, ['-e', script], {}, DAWN_LIMIT_NOTICE);
    expect(status).toBe(3);
    expect(dropped).toBe(2);
  });
});
