/**
 * The names segmenters had when they were called "models" (after `tokenizer.json`'s `model` field), kept so
 * that code written against them still compiles. Each is the same class, type or function as its new name.
 *
 * @example
 * ```ts
 * new BPEModel(vocab, merges) instanceof BPESegmenter; // true
 * ```
 */
import { BPESegmenter, type BPESegmenterOptions } from './bpe';
import { segmenterFromJson } from './from-json';
import type { Segmenter } from './segmenter';
import { WordLevelSegmenter } from './word-level';
import { WordPieceSegmenter } from './wordpiece';

/** @deprecated Renamed {@link Segmenter}. */
export type Model = Segmenter;

/** @deprecated Renamed {@link BPESegmenter}. */
export const BPEModel = BPESegmenter;
/** @deprecated Renamed {@link BPESegmenter}. */
export type BPEModel = BPESegmenter;

/** @deprecated Renamed {@link BPESegmenterOptions}. */
export type BPEModelOptions = BPESegmenterOptions;

/** @deprecated Renamed {@link WordLevelSegmenter}. */
export const WordLevelModel = WordLevelSegmenter;
/** @deprecated Renamed {@link WordLevelSegmenter}. */
export type WordLevelModel = WordLevelSegmenter;

/** @deprecated Renamed {@link WordPieceSegmenter}. */
export const WordPieceModel = WordPieceSegmenter;
/** @deprecated Renamed {@link WordPieceSegmenter}. */
export type WordPieceModel = WordPieceSegmenter;

/** @deprecated Renamed {@link segmenterFromJson}. */
export const modelFromJson = segmenterFromJson;
