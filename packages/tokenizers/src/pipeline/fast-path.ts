import { PATTERNS } from '../tiktoken/patterns';
import { scanCl100k, scanR50k } from '../tiktoken/scanner';
import { ByteLevel, GPT2_PATTERN } from './byte-level';
import { ByteLevelBPE, byteLevelTable } from './byte-level-bpe';
import type { FastEncoder } from './fast-encoder';
import { type Normalizer, NormalizerSequence, Prepend, Replace, UnicodeNormalizer } from './normalizers';
import { patternRegex } from './oniguruma';
import type { PreTokenizer } from './pre-tokenizer';
import { PreTokenizerSequence } from './pre-tokenizers';
import { BPESegmenter } from './segmenters/bpe';
import type { Segmenter } from './segmenters/segmenter';
import { SentencePieceBPE } from './sentencepiece-bpe';
import { Split } from './split';

/** The stages a fast encoder replaces. */
interface Stages {
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizer | null;
  segmenter: Segmenter;
}

/** `tokenizer.json` forms of the cl100k split pattern (Llama 3) and of its one-digit variant (Qwen 2/3). */
const CL100K_HF =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const CL100K_ONE_DIGIT_HF = CL100K_HF.replace('\\p{N}{1,3}', '\\p{N}');

const NUMBER = /^\p{N}$/u;

/** cl100k's scanner with single-digit numbers (`\p{N}` instead of `\p{N}{1,3}`). */
function scanCl100kOneDigit(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c >= 48 && c <= 57) return i + 1;
  const e = scanCl100k(t, i);
  if (c < 0x80) return e;
  const cp = t.codePointAt(i)!;
  const w = cp > 0xffff ? 2 : 1;
  // a run of numbers is the only piece that can start with one
  return e > i + w && NUMBER.test(String.fromCodePoint(cp)) ? i + w : e;
}

/** The hand-written scanner of a split pattern, if there is one. */
function scannerFor(pattern: string): ((t: string, i: number) => number) | null {
  if (pattern === CL100K_HF || pattern === PATTERNS.cl100k) return scanCl100k;
  if (pattern === CL100K_ONE_DIGIT_HF) return scanCl100kOneDigit;
  if (pattern === GPT2_PATTERN) return scanR50k;
  return null;
}

/**
 * The fast encoder for a pipeline of one of the common shapes, or null (the stages then run one by one):
 *
 * - byte-level BPE: no normalizer or NFC; `ByteLevel` with its regex, or `Split(regex, Isolated)` then
 *   `ByteLevel` without one (no prefix space); a BPE segmenter over a byte-level vocabulary with all 256
 *   bytes (GPT-2, Llama 3, Qwen);
 * - SentencePiece BPE: `Replace(" ", "▁")`, optionally with `Prepend("▁")`; no pre-tokenizer (or a
 *   `Split` on spaces, which finds none left); a BPE segmenter with byte fallback or an unknown token
 *   (Llama 2, Gemma).
 *
 * @example
 * ```ts
 * fastEncoderFor({ normalizer: null, preTokenizer: llama3Split, segmenter: bpe }); // a ByteLevelBPE
 * ```
 */
export function fastEncoderFor(stages: Stages): FastEncoder | null {
  const seg = stages.segmenter;
  if (!(seg instanceof BPESegmenter)) return null;
  if (seg.continuingSubwordPrefix || seg.endOfWordSuffix) return null;
  return byteLevelEncoder(stages, seg) ?? sentencePieceEncoder(stages, seg);
}

function byteLevelEncoder(stages: Stages, seg: BPESegmenter): FastEncoder | null {
  const { normalizer, preTokenizer } = stages;
  let nfc = false;
  if (normalizer !== null) {
    if (!(normalizer instanceof UnicodeNormalizer && normalizer.form === 'NFC')) return null;
    nfc = true;
  }
  let pattern: string;
  if (preTokenizer instanceof ByteLevel) {
    if (preTokenizer.addPrefixSpace || !preTokenizer.useRegex) return null;
    pattern = GPT2_PATTERN;
  } else if (preTokenizer instanceof PreTokenizerSequence && preTokenizer.preTokenizers.length === 2) {
    const [split, bl] = preTokenizer.preTokenizers;
    if (!(split instanceof Split && bl instanceof ByteLevel)) return null;
    if (bl.addPrefixSpace || bl.useRegex || split.behavior !== 'isolated' || split.invert) return null;
    if (!('Regex' in split.pattern) || split.pattern.Regex === '\\X') return null;
    pattern = split.pattern.Regex;
  } else return null;
  const table = byteLevelTable(seg.tokenList);
  if (table === null) return null;
  const scan = scannerFor(pattern);
  return new ByteLevelBPE(table, seg.mergeRules, {
    scan,
    regex: scan === null ? patternRegex({ Regex: pattern }, 'pre_tokenizer.pattern') : null,
    ignoreMerges: seg.ignoreMerges,
    nfc,
  });
}

function sentencePieceEncoder(stages: Stages, seg: BPESegmenter): FastEncoder | null {
  const { normalizer, preTokenizer } = stages;
  const parts = normalizer instanceof NormalizerSequence ? normalizer.normalizers : [normalizer];
  let replacement: string | null = null;
  let prepend: string | null = null;
  for (const n of parts) {
    if (n instanceof Replace && 'String' in n.pattern && n.pattern.String === ' ' && replacement === null) {
      replacement = n.content;
    } else if (n instanceof Prepend && prepend === null) prepend = n.prefix;
    else return null;
  }
  if (replacement === null || replacement.length !== 1 || replacement === ' ') return null;
  if (prepend !== null && prepend !== replacement) return null;
  if (seg.ignoreMerges) return null;
  let byteIds: Int32Array | null = null;
  if (seg.byteFallback) {
    // with a byte token missing, Hugging Face emits unknown tokens out of order: leave that to the general path
    byteIds = new Int32Array(256);
    for (let b = 0; b < 256; b++) {
      const id = seg.tokenToId(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id === undefined) return null;
      byteIds[b] = id;
    }
  }
  if (preTokenizer !== null) {
    const p = preTokenizer;
    const noop = p instanceof Split && 'String' in p.pattern && p.pattern.String === ' ' && !p.invert;
    if (!noop) return null;
  }
  return new SentencePieceBPE(seg.tokenList, seg.mergeRules, {
    replacement,
    prepend: prepend !== null,
    unkId: seg.unknownId,
    fuseUnk: seg.fuseUnk,
    byteFallback: seg.byteFallback,
    byteIds,
  });
}
