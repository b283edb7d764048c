/** Options of {@link fromTiktoken}. */
export interface TiktokenOptions {
  /** The split (pre-tokenizer) regex, e.g. `pat_str_js` of `encodings.json`. */
  pattern: string;
  /** Special tokens and their ids (ids must not collide with ranks). */
  specialTokens?: Record<string, number>;
  /** A name for messages and `toString()`. */
  name?: string;
  /**
   * Compile the split regex and the merge code at construction by encoding a short multi-script
   * sample (about 20–40 ms), instead of paying V8's regex and JIT warm-up on the first texts. Default `true`.
   */
  warmUp?: boolean;
  /**
   * Split with the built-in hand-written scanner when `pattern` is exactly the r50k/p50k, cl100k or
   * o200k pattern (same pieces as the regex, faster). Default `true`; `false` always uses the regex.
   */
  scanner?: boolean;
  /**
   * Remember the ids of up to this many pieces that needed merging (not single tokens), like
   * gpt-tokenizer's merge cache. Default 16,384; 0 disables. Benchmarks report a fresh tokenizer.
   */
  cacheSize?: number;
}

/** Multi-script text that makes V8 compile every branch of the split regexes. */
export const WARM_UP =
  "Hello world's 1234 ½ — don't STOP!! Привет, мир. 你好，世界。こんにちは 안녕하세요 مرحبا שלום नमस्ते ไทย 😀👩🏾‍💻 \n\t  end\r\n";
