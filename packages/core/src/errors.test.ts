import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  BackendError,
  describeValue,
  FormatError,
  GlossaError,
  MissingFileError,
  NonFiniteLossError,
  ShapeError,
  StateDictError,
} from './errors';
import { withBackend } from './testing';

/** One instance of every exported error class, with the name it must report. */
const ERRORS: Array<[string, () => GlossaError]> = [
  ['GlossaError', () => new GlossaError('m')],
  ['ShapeError', () => new ShapeError('m', [2], [3])],
  ['ArgumentError', () => new ArgumentError('f(x)', 'a number', 'x')],
  ['FormatError', () => new FormatError('m', { line: 3, field: 'dtype' })],
  ['BackendError', () => new BackendError('m', 'wasm')],
  ['StateDictError', () => new StateDictError('m', ['a'], [], [])],
  ['NonFiniteLossError', () => new NonFiniteLossError('m', 3, Number.NaN)],
  ['MissingFileError', () => new MissingFileError('m', 'model/config.json', 404)],
];

describe('ArgumentError', () => {
  it('reads `argument: expected X, received <value (type)>` and keeps its parts', () => {
    const e = new ArgumentError('Dropout(p)', 'a probability in [0, 1]', 1.5);
    expect(e.message).toBe('Dropout(p): expected a probability in [0, 1], received 1.5 (number)');
    expect(e.argument).toBe('Dropout(p)');
    expect(e.expected).toBe('a probability in [0, 1]');
    expect(e.received).toBe(1.5);
    expect(new ArgumentError('gelu(approximate)', "'none' or 'tanh'", 'erf').message).toBe(
      `gelu(approximate): expected 'none' or 'tanh', received "erf" (string)`,
    );
  });
});

describe('describeValue', () => {
  it('names the type of every kind of value', () => {
    expect(describeValue(8)).toBe('8 (number)');
    expect(describeValue(Number.NaN)).toBe('NaN (number)');
    expect(describeValue('8')).toBe('"8" (string)');
    expect(describeValue('a"b')).toBe('"a\\"b" (string)');
    expect(describeValue(true)).toBe('true (boolean)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2, 3])).toBe('an array of length 3');
    expect(describeValue(new Map())).toBe('an object (Map)');
    expect(describeValue({ a: 1 })).toBe('an object (Object)');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(new Float32Array(4))).toBe('a Float32Array of length 4');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(5n)).toBe('5n (bigint)');
  });

  it('cuts long strings to 40 characters', () => {
    const s = 'x'.repeat(100);
    expect(describeValue(s)).toBe(`"${'x'.repeat(40)}…" (string)`);
  });

  it('describes tensors by dtype and shape (duck-typed, any object with shape and dtype)', async () => {
    await withBackend('cpu', () => {
      const t = tf.zeros([2, 3]);
      expect(describeValue(t)).toBe('a float32 tensor of shape [2, 3]');
      t.dispose();
    });
    expect(describeValue({ shape: [4], dtype: 'int32' })).toBe('an int32 tensor of shape [4]');
    expect(describeValue({ shape: [], dtype: 'bool' })).toBe('a bool tensor of shape []');
  });
});

describe('error classes', () => {
  it.each(ERRORS)('%s reports its name and is a GlossaError and an Error', (name, make) => {
    const e = make();
    expect(e.name).toBe(name);
    expect(e).toBeInstanceOf(GlossaError);
    expect(e).toBeInstanceOf(Error);
    expect(String(e)).toBe(`${name}: ${e.message}`);
  });

  it.each(ERRORS)('%s keeps its name when the class is renamed (as a minifier does)', (name, make) => {
    const ctor = make().constructor;
    const original = Object.getOwnPropertyDescriptor(ctor, 'name')!;
    Object.defineProperty(ctor, 'name', { value: 't', configurable: true });
    try {
      expect(ctor.name).toBe('t');
      expect(make().name).toBe(name);
    } finally {
      Object.defineProperty(ctor, 'name', original);
    }
  });

  it('keeps every name in an esbuild-minified copy of errors.ts', async () => {
    const source = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
    const { code } = transformSync(source, { loader: 'ts', format: 'esm', minify: true, target: 'es2022' });
    // The minifier renames the classes; the module is loaded from the minified text.
    expect(code).not.toMatch(/class ShapeError\b/);
    const m = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect(new m.ShapeError('m').name).toBe('ShapeError');
    expect(new m.ArgumentError('f(x)', 'a number', 'x').name).toBe('ArgumentError');
    expect(new m.ArgumentError('f(x)', 'a number', 'x').message).toBe(
      'f(x): expected a number, received "x" (string)',
    );
    expect(new m.StateDictError('m', [], [], []).name).toBe('StateDictError');
  });

  it('passes `cause` through', () => {
    const cause = new Error('root');
    expect(new GlossaError('m', { cause }).cause).toBe(cause);
    expect(new ArgumentError('f(x)', 'a number', 'x', { cause }).cause).toBe(cause);
    expect(new ShapeError('m', [1], [2], { cause }).cause).toBe(cause);
    expect(new FormatError('m', undefined, { cause }).cause).toBe(cause);
    expect(new BackendError('m', 'webgpu', { cause }).cause).toBe(cause);
    expect(new StateDictError('m', [], [], [], { cause }).cause).toBe(cause);
    expect(new NonFiniteLossError('m', 1, Number.POSITIVE_INFINITY, { cause }).cause).toBe(cause);
    expect(new GlossaError('m').cause).toBeUndefined();
  });

  it('keeps the fields of FormatError and the others', () => {
    const f = new FormatError('bad header', { line: 3, field: 'dtype' });
    expect([f.line, f.field]).toEqual([3, 'dtype']);
    expect(new FormatError('m').line).toBeUndefined();
    expect(new BackendError('m', 'wasm').backend).toBe('wasm');
    expect(new ShapeError('m', [2, null], [2, 3]).expected).toEqual([2, null]);
    expect(new NonFiniteLossError('m', 3, Number.NaN).step).toBe(3);
  });
});
