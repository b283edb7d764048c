/**
 * Incremental decoding for generation: feed ids as they come, get back only the new text, never half
 * of a multi-byte character.
 *
 * @example
 * ```ts
 * const stream = tok.decodeStream();
 * for (const id of generatedIds) process.stdout.write(stream.write(id));
 * process.stdout.write(stream.flush());
 * ```
 */
export interface StreamDecoder {
  /** Adds one id (or several) and returns the text that is now complete (possibly `''`). */
  write(ids: number | ArrayLike<number>): string;
  /** Returns whatever is still held back (an incomplete character comes out as U+FFFD) and resets. */
  flush(): string;
}

/** Decoder over raw bytes: holds back only an incomplete UTF-8 sequence at the end. */
export class ByteStreamDecoder implements StreamDecoder {
  private decoder = new TextDecoder('utf-8');
  constructor(private readonly bytesOf: (id: number) => Uint8Array) {}
  write(ids: number | ArrayLike<number>): string {
    if (typeof ids === 'number') return this.decoder.decode(this.bytesOf(ids), { stream: true });
    let s = '';
    for (let i = 0; i < ids.length; i++) s += this.decoder.decode(this.bytesOf(ids[i]!), { stream: true });
    return s;
  }
  flush(): string {
    const s = this.decoder.decode();
    this.decoder = new TextDecoder('utf-8');
    return s;
  }
}

/**
 * Generic decoder for pipelines whose decoders look at neighbouring tokens (Metaspace, WordPiece):
 * re-decodes a short window and emits the difference, holding back while the tail is U+FFFD.
 */
export class WindowStreamDecoder implements StreamDecoder {
  private window: number[] = [];
  private prefix = '';
  constructor(private readonly decode: (ids: number[]) => string) {}
  write(ids: number | ArrayLike<number>): string {
    if (typeof ids === 'number') return this.one(ids);
    let s = '';
    for (let i = 0; i < ids.length; i++) s += this.one(ids[i]!);
    return s;
  }
  private one(id: number): string {
    this.window.push(id);
    const full = this.decode(this.window);
    if (full.length <= this.prefix.length || full.endsWith('\uFFFD')) {
      if (this.window.length < 64) return '';
    }
    const out = full.startsWith(this.prefix) ? full.slice(this.prefix.length) : full;
    // keep the last id as context for the next step
    this.window = [id];
    this.prefix = this.decode(this.window);
    return out;
  }
  flush(): string {
    const full = this.decode(this.window);
    const out = full.startsWith(this.prefix) ? full.slice(this.prefix.length) : full;
    this.window = [];
    this.prefix = '';
    return out;
  }
}
