// Tokenizers page worker: trains the character, word and BPE tokenizers on the bundled corpus, loads
// OpenAI encodings on demand (their rank files fetched with progress), and encodes text with any of
// them. No tensors: plain JavaScript from @glossa/tokenizers.
import {
  decodeCompactRanks,
  ENCODINGS,
  encodingSpec,
  TiktokenTokenizer,
  trainBPE,
  trainCharTokenizer,
  trainWordTokenizer,
} from '@glossa/tokenizers';
import cl100kUrl from '@glossa/tokenizers/encodings/cl100k_base?url';
import o200kUrl from '@glossa/tokenizers/encodings/o200k_base?url';
import r50kUrl from '@glossa/tokenizers/encodings/r50k_base?url';
import corpusUrl from '../data/corpus.txt?url';
import { fetchText, serve } from './serve.js';

const RANK_URLS = { cl100k_base: cl100kUrl, o200k_base: o200kUrl, gpt2: r50kUrl };
const CANONICAL = { cl100k_base: 'cl100k_base', o200k_base: 'o200k_base', gpt2: 'r50k_base' };

/** @type {Map<string, Promise<{ tokenizer: any, unk: number | null, info: string }>>} */
const loaded = new Map();
let corpus = null;

function loadCorpus(progress) {
  corpus ??= fetchText(corpusUrl, (p) => progress({ phase: 'corpus', ...p }));
  return corpus;
}

async function train(name, progress) {
  const text = await loadCorpus(progress);
  const lines = text.split('\n');
  progress({ phase: 'training' });
  if (name === 'char') {
    const tokenizer = trainCharTokenizer(text);
    return {
      tokenizer,
      unk: tokenizer.tokenToId('[UNK]') ?? null,
      info: `${tokenizer.vocabSize} symbols from the corpus`,
    };
  }
  if (name === 'word') {
    const tokenizer = trainWordTokenizer(lines, { lowercase: true, minFrequency: 2 });
    return {
      tokenizer,
      unk: tokenizer.tokenToId('[UNK]') ?? null,
      info: `${tokenizer.vocabSize} words seen twice or more`,
    };
  }
  const tokenizer = trainBPE(lines, {
    vocabSize: 1000,
    onProgress: (p) => p.phase === 'merge' && progress({ phase: 'training', loaded: p.done, total: p.total }),
  });
  return { tokenizer, unk: null, info: `byte-level, ${tokenizer.vocabSize} tokens learned here` };
}

async function loadEncoding(name, progress) {
  // The rank module is fetched as text (so the bytes can be counted), then imported from memory.
  const source = await fetchText(RANK_URLS[name], (p) => progress({ phase: 'ranks', ...p }));
  progress({ phase: 'decoding' });
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  let mod;
  try {
    mod = await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const canonical = CANONICAL[name];
  const { table } = decodeCompactRanks(mod.ranks);
  const tokenizer = new TiktokenTokenizer(table, {
    pattern: encodingSpec(canonical).pattern,
    specialTokens: ENCODINGS[canonical].specialTokens,
    name: canonical,
  });
  return {
    tokenizer,
    unk: null,
    info: `${tokenizer.vocabSize.toLocaleString('en')} tokens, ${(source.length / 1e6).toFixed(1)} MB of ranks`,
  };
}

function get(name, progress) {
  if (!loaded.has(name)) {
    const p = name in RANK_URLS ? loadEncoding(name, progress) : train(name, progress);
    p.catch(() => loaded.delete(name));
    loaded.set(name, p);
  }
  return loaded.get(name);
}

serve({
  async load({ name }, progress) {
    const { tokenizer, info } = await get(name, progress);
    return { vocabSize: tokenizer.vocabSize, info };
  },
  async encode({ name, text }) {
    const { tokenizer, unk } = await get(name, () => {});
    const enc = tokenizer.encode(text);
    const offsets = enc.offsets;
    const tokens = enc.ids.map((id, i) => ({
      id,
      token: enc.tokens[i],
      start: offsets[i][0],
      end: offsets[i][1],
      unk: unk !== null && id === unk,
    }));
    const oov = tokens.filter((t) => t.unk).length;
    return { count: tokens.length, oov, tokens };
  },
});
