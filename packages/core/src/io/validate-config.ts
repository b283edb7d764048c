import { ArgumentError } from '../errors';

/** The JSON types a config field can have. */
export type ConfigFieldType = 'number' | 'integer' | 'string' | 'boolean' | 'object' | 'array';

/**
 * One field of a config schema: a type (`'integer'`), an optional type (`'integer?'`: absent or
 * `null` is fine), or the list of values allowed (`['gelu', 'relu']`).
 */
export type ConfigFieldSpec =
  | ConfigFieldType
  | `${ConfigFieldType}?`
  | readonly (string | number | boolean)[];

/** A config schema: field name → spec. Fields it does not name are allowed and kept. */
export type ConfigSchema = Record<string, ConfigFieldSpec>;

type FieldValue<S> = S extends readonly (infer L)[]
  ? L
  : S extends 'number' | 'integer' | 'number?' | 'integer?'
    ? number
    : S extends 'string' | 'string?'
      ? string
      : S extends 'boolean' | 'boolean?'
        ? boolean
        : S extends 'object' | 'object?'
          ? Record<string, unknown>
          : S extends 'array' | 'array?'
            ? unknown[]
            : never;

/** The config type a schema describes: required and optional fields, plus any others. */
export type ConfigOf<S extends ConfigSchema> = {
  [K in keyof S as S[K] extends `${string}?` ? never : K]: FieldValue<S[K]>;
} & { [K in keyof S as S[K] extends `${string}?` ? K : never]?: FieldValue<S[K]> } & Record<string, unknown>;

const DESCRIBE: Record<ConfigFieldType, string> = {
  number: 'a finite number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a JSON object',
  array: 'an array',
};

function fits(type: ConfigFieldType, v: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return Number.isSafeInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return !!v && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
  }
}

/**
 * Checks a config (`config.json`, parsed) against a schema and returns it typed. Each problem is
 * an `ArgumentError` naming the key — `config.n_embd: expected an integer, received "768" (string)`,
 * `config.n_layer: expected an integer (required), received undefined`. Fields the schema does not
 * name are kept as they are (Hugging Face configs carry many).
 *
 * @example
 * ```ts
 * const c = validateConfig(raw, { vocab_size: 'integer', n_embd: 'integer', dropout: 'number?', activation: ['gelu', 'relu'] });
 * c.n_embd; // number
 * ```
 */
export function validateConfig<const S extends ConfigSchema>(
  config: unknown,
  schema: S,
  name = 'config',
): ConfigOf<S> {
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new ArgumentError(name, 'a JSON object', config);
  }
  const c = config as Record<string, unknown>;
  for (const [key, spec] of Object.entries(schema)) {
    const v = c[key];
    const where = `${name}.${key}`;
    if (typeof spec !== 'string') {
      if (!spec.includes(v as string)) {
        throw new ArgumentError(where, `one of ${spec.map((x) => JSON.stringify(x)).join(', ')}`, v);
      }
      continue;
    }
    const optional = spec.endsWith('?');
    const type = (optional ? spec.slice(0, -1) : spec) as ConfigFieldType;
    if (v === undefined || v === null) {
      if (optional) continue;
      throw new ArgumentError(where, `${DESCRIBE[type]} (required)`, v);
    }
    if (!fits(type, v)) throw new ArgumentError(where, DESCRIBE[type], v);
  }
  return c as ConfigOf<S>;
}
