// Language-model batches: random windows of a token stream, inputs and the next tokens as targets.
/**
 * `batchSize` windows of `blockSize + 1` tokens at offsets drawn from `generator` (a core
 * Generator, so a checkpoint's RNG state replays the batch order): `ids` and `targets`, flat Int32Arrays of `shape` [B, T]
 * (plain arrays, so that skipping batches on resume allocates no tensor).
 */
export function windowBatch(tokens, generator, batchSize, blockSize) {
  const ids = new Int32Array(batchSize * blockSize);
  const targets = new Int32Array(batchSize * blockSize);
  const span = tokens.length - blockSize - 1;
  for (let b = 0; b < batchSize; b++) {
    const start = generator.int(span + 1);
    ids.set(tokens.subarray(start, start + blockSize), b * blockSize);
    targets.set(tokens.subarray(start + 1, start + blockSize + 1), b * blockSize);
  }
  return { ids, targets, shape: [batchSize, blockSize] };
}
