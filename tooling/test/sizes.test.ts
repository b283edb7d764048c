// Size budgets: every entry of every publishable package, minified + gzipped with its
// dependencies external, stays within tooling/release/size-budgets.json.
import { describe, expect, it } from 'vitest';
import { budgetOf, measureSizes, readBudgets, sizesMarkdown, withSizeBlock } from '../release/sizes.mjs';
import { publicPackages } from '../release/workspace.mjs';

const budgets = readBudgets();
const rows = await measureSizes();

it('measures at least one entry per publishable package', () => {
  const measured = new Set(rows.map((r) => r.name));
  for (const p of publicPackages()) expect(measured.has(p.name), p.name).toBe(true);
});

it('has no budgets for packages or entries that no longer exist', () => {
  const known = new Set(rows.map((r) => `${r.name} ${r.subpath}`));
  const stale = Object.entries(budgets)
    .filter(([name]) => name !== '*' && name !== '$comment')
    .flatMap(([name, entries]) =>
      Object.keys(entries as Record<string, number>)
        .filter((sub) => sub !== '*')
        .map((sub) => `${name} ${sub}`),
    )
    .filter((key) => !known.has(key));
  expect(stale).toEqual([]);
});

it('writes a markdown table with one row per entry', () => {
  const md = sizesMarkdown(rows, budgets);
  expect(md.split('\n').filter((l) => l.startsWith('| @glossa/'))).toHaveLength(rows.length);
});

describe.each(rows.map((r) => [`${r.name} ${r.subpath}`, r] as const))('%s', (_key, r) => {
  it('is within its minified + gzipped budget', () => {
    const budget = budgetOf(budgets, r.name, r.subpath);
    expect(budget).toBeGreaterThan(0);
    expect(r.gzipped).toBeGreaterThan(0);
    expect(r.gzipped, `${r.gzipped} B gzipped vs budget ${budget} B`).toBeLessThanOrEqual(budget);
  });
});

it('refreshes only the marked size block of a README', () => {
  const mine = rows.filter((r) => r.name === rows[0]!.name);
  const readme = '# x\n\nintro\n\n<!-- sizes:start -->\nold table\n<!-- sizes:end -->\n\nrest\n';
  const next = withSizeBlock(readme, mine, budgets)!;
  expect(next.startsWith('# x\n\nintro\n\n<!-- sizes:start -->\n| Entry ')).toBe(true);
  expect(next.endsWith('<!-- sizes:end -->\n\nrest\n')).toBe(true);
  expect(next).not.toContain('old table');
  expect(next.split('\n').filter((l) => l.startsWith('| `@glossa/'))).toHaveLength(mine.length);
  expect(withSizeBlock('# no markers\n', mine, budgets)).toBeNull();
});
