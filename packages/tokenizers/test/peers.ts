// The peers glossa's encodings are checked against id for id: js-tiktoken 1.0.21 and gpt-tokenizer 4.0.0
// (devDependencies). Special-token text is ordinary text unless `allowed` is 'all', as in glossa.
import { Tiktoken } from 'js-tiktoken/lite';

export type PeerEncode = (text: string, allowed?: 'all') => number[];

const JS_RANKS: Record<string, () => Promise<{ default: unknown }>> = {
  r50k_base: () => import('js-tiktoken/ranks/r50k_base'),
  p50k_base: () => import('js-tiktoken/ranks/p50k_base'),
  p50k_edit: () => import('js-tiktoken/ranks/p50k_edit'),
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
};

const GPT_TOKENIZER: Record<string, () => Promise<unknown>> = {
  r50k_base: () => import('gpt-tokenizer/encoding/r50k_base'),
  p50k_base: () => import('gpt-tokenizer/encoding/p50k_base'),
  p50k_edit: () => import('gpt-tokenizer/encoding/p50k_edit'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
};

/** js-tiktoken's rank module of an encoding (`{ pat_str, special_tokens, bpe_ranks }`). */
export async function jsTiktokenRanks(name: string): Promise<{
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}> {
  return (await JS_RANKS[name]!()).default as never;
}

/** js-tiktoken's encode for an encoding. */
export async function jsTiktoken(name: string): Promise<PeerEncode> {
  const tk = new Tiktoken((await jsTiktokenRanks(name)) as never);
  return (text, allowed) => tk.encode(text, allowed ?? [], []);
}

/** gpt-tokenizer's encode for an encoding (ordinary text only: special-token text is never special). */
export async function gptTokenizer(name: string): Promise<(text: string) => number[]> {
  const m = (await GPT_TOKENIZER[name]!()) as {
    encode: (text: string, options: object) => number[];
  };
  const none = { allowedSpecial: new Set(), disallowedSpecial: new Set() };
  return (text) => m.encode(text, none);
}
