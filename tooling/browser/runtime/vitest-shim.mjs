// The part of vitest's API that glossa's tests use, for running them inside a page: bundles made by
// tooling/browser/bundle.mjs resolve `vitest` to this file. Suites and tests are collected the way
// vitest collects them (a file's module runs first, then its describe() factories), then run in order
// with their hooks; `expect` is vitest's own (@vitest/expect on chai), `vi` has vitest's spies.
// `runFiles` is what the generated page entry calls; it reports each result through `report`.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  customMatchers,
  GLOBAL_EXPECT,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import * as spy from '@vitest/spy';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** @type {any} */
export const expect = (value, message) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
expect.extend = (matchers) => chai.expect.extend(expect, matchers);
expect.unreachable = (message) => {
  chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
};
setState({ assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null }, expect);
globalThis[GLOBAL_EXPECT] = expect;
expect.extend(customMatchers);

export const vi = {
  fn: spy.fn,
  spyOn: spy.spyOn,
  isMockFunction: spy.isMockFunction,
  restoreAllMocks: spy.restoreAllMocks,
  clearAllMocks: spy.clearAllMocks,
  resetAllMocks: spy.resetAllMocks,
  mock: () => {
    throw new Error('vi.mock is not available in the browser harness');
  },
};
// Type-level assertions do nothing at run time: every member and call returns the same object.
const typeOnly = new Proxy(() => {}, {
  get: (_target, key) => (key === 'then' ? undefined : typeOnly),
  apply: () => typeOnly,
});
export const expectTypeOf = () => typeOnly;

const DEFAULT_TIMEOUT = 120_000;

/** @typedef {{ kind: 'suite', name: string, skip: boolean, factory?: Function, children: any[], hooks: Record<string, Function[]>, parent?: any }} Suite */

/** @returns {Suite} */
const newSuite = (name, skip, factory, parent) => ({
  kind: 'suite',
  name,
  skip,
  factory,
  parent,
  children: [],
  hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] },
});

let current = newSuite('', false);

/** vitest's `%s`-style titles for `.each` (printf placeholders and `$name` for object rows). */
function title(template, row, index) {
  const args = Array.isArray(row) ? [...row] : [row];
  let out = template.replace(/%([sdifjo#%])/g, (m, f) => {
    if (f === '%') return '%';
    if (f === '#') return String(index);
    if (args.length === 0) return m;
    const v = args.shift();
    if (f === 'd' || f === 'i') return String(f === 'i' ? Math.trunc(Number(v)) : Number(v));
    if (f === 'f') return String(Number(v));
    if (f === 'j' || f === 'o') return JSON.stringify(v);
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  if (row && typeof row === 'object' && !Array.isArray(row))
    out = out.replace(/\$([\w.]+)/g, (m, key) => (key in row ? String(row[key]) : m));
  return out;
}

function makeDescribe(skip) {
  const describe = (name, factory) => {
    current.children.push(newSuite(String(name), skip || current.skip, factory, current));
  };
  describe.skip = skip ? describe : makeDescribe(true);
  describe.only = describe;
  describe.concurrent = describe;
  describe.sequential = describe;
  describe.todo = (name) => makeDescribe(true)(name, () => {});
  describe.skipIf = (cond) => (cond ? makeDescribe(true) : describe);
  describe.runIf = (cond) => (cond ? describe : makeDescribe(true));
  describe.each = (table) => (name, fn) =>
    table.forEach((row, i) => {
      describe(title(name, row, i), () => (Array.isArray(row) ? fn(...row) : fn(row)));
    });
  return describe;
}

function makeIt(skip) {
  const it = (name, fn, options) => {
    const timeout = typeof options === 'number' ? options : options?.timeout;
    current.children.push({
      kind: 'test',
      name: String(name),
      fn,
      skip: skip || current.skip || typeof fn !== 'function',
      timeout: timeout ?? DEFAULT_TIMEOUT,
      parent: current,
    });
  };
  it.skip = skip ? it : makeIt(true);
  it.only = it;
  it.concurrent = it;
  it.sequential = it;
  it.todo = (name) => makeIt(true)(name);
  it.skipIf = (cond) => (cond ? makeIt(true) : it);
  it.runIf = (cond) => (cond ? it : makeIt(true));
  it.each = (table) => (name, fn, options) =>
    table.forEach((row, i) => {
      it(title(name, row, i), () => (Array.isArray(row) ? fn(...row) : fn(row)), options);
    });
  return it;
}

export const describe = makeDescribe(false);
export const suite = describe;
export const it = makeIt(false);
export const test = it;
export const beforeAll = (fn) => current.hooks.beforeAll.push(fn);
export const afterAll = (fn) => current.hooks.afterAll.push(fn);
export const beforeEach = (fn) => current.hooks.beforeEach.push(fn);
export const afterEach = (fn) => current.hooks.afterEach.push(fn);
export const onTestFinished = () => {
  throw new Error('onTestFinished is not available in the browser harness');
};

/** Runs describe() factories depth-first, as vitest collects a file once its module has run. */
async function collect(suite) {
  for (const child of [...suite.children]) {
    if (child.kind !== 'suite' || !child.factory) continue;
    const outer = current;
    current = child;
    try {
      await child.factory();
    } finally {
      current = outer;
    }
    await collect(child);
  }
}

const errorText = (e) =>
  e instanceof Error
    ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 8).join('\n')}` : ''}`
    : String(e);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const ancestry = (node) => {
  const names = [];
  for (let s = node.parent; s?.parent; s = s.parent) names.unshift(s.name);
  return names;
};
const eachHooks = (node, kind) => {
  const chain = [];
  for (let s = node.parent; s; s = s.parent) chain.unshift(s);
  return kind === 'beforeEach'
    ? chain.flatMap((s) => s.hooks.beforeEach)
    : chain.reverse().flatMap((s) => s.hooks.afterEach);
};

const hasTests = (suite) => suite.children.some((c) => (c.kind === 'test' ? !c.skip : hasTests(c)));

async function runSuite(suite, file, report) {
  const active = !suite.skip && hasTests(suite);
  let hookError;
  if (active) {
    for (const hook of suite.hooks.beforeAll) {
      try {
        await withTimeout(Promise.resolve().then(hook), DEFAULT_TIMEOUT, 'beforeAll');
      } catch (e) {
        hookError = e;
        break;
      }
    }
  }
  for (const child of suite.children) {
    if (child.kind === 'suite') {
      if (hookError) child.skip = true;
      await runSuite(child, file, report);
      continue;
    }
    const base = { file, title: child.name, ancestorTitles: ancestry(child) };
    if (child.skip) {
      report({ ...base, status: 'skipped', duration: 0, failureMessages: [] });
      continue;
    }
    if (hookError) {
      report({
        ...base,
        status: 'failed',
        duration: 0,
        failureMessages: [`beforeAll failed: ${errorText(hookError)}`],
      });
      continue;
    }
    const started = performance.now();
    const failures = [];
    setState({ assertionCalls: 0, currentTestName: child.name }, expect);
    try {
      for (const hook of eachHooks(child, 'beforeEach')) await hook();
      await withTimeout(Promise.resolve().then(child.fn), child.timeout, `test "${child.name}"`);
    } catch (e) {
      failures.push(errorText(e));
    }
    for (const hook of eachHooks(child, 'afterEach')) {
      try {
        await hook();
      } catch (e) {
        failures.push(`afterEach: ${errorText(e)}`);
      }
    }
    report({
      ...base,
      status: failures.length ? 'failed' : 'passed',
      duration: Math.round(performance.now() - started),
      failureMessages: failures,
    });
  }
  if (active) {
    for (const hook of suite.hooks.afterAll) {
      try {
        await hook();
      } catch (e) {
        report({
          file,
          title: '(afterAll)',
          ancestorTitles: ancestry({ parent: suite }),
          status: 'failed',
          duration: 0,
          failureMessages: [errorText(e)],
        });
      }
    }
  }
}

/**
 * Imports each test file, collects it and runs it; `report` receives every test result and, for a
 * file that fails to load, one failed entry naming the file.
 * @param {Array<[string, () => Promise<unknown>]>} files name and importer of each test file
 * @param {(result: object) => void} report
 */
export async function runFiles(files, report) {
  for (const [file, load] of files) {
    const root = newSuite('', false);
    current = root;
    try {
      await load();
      await collect(root);
    } catch (e) {
      current = newSuite('', false);
      report({
        file,
        title: '(file failed to load)',
        ancestorTitles: [],
        status: 'failed',
        duration: 0,
        failureMessages: [errorText(e)],
        fileError: true,
      });
      continue;
    }
    current = newSuite('', false);
    await runSuite(root, file, report);
  }
}
