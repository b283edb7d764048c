/**
 * @packageDocumentation
 * The glossa tensor layer on `@tensorflow/tfjs-core`: backend selection, the kernels and
 * gradients NLP training needs, modules and layers with PyTorch-compatible state dicts, losses,
 * optimizers, schedules, a training loop, safetensors checkpoints and pretrained model files
 * (Hugging Face layout: folders, URLs, IndexedDB).
 */

export {
  type BackendInfo,
  type BackendName,
  type ConcreteBackend,
  ensureTfjsExtras,
  probeBackends,
  type UseBackendOptions,
  useBackend,
} from './backend/backend';
export type { WasmBinaryName, WasmPaths } from './backend/wasm-files';
export { settleDeferredChecks } from './deferred-checks';
export * from './errors';
export * from './functional/activations';
export * from './functional/dropout';
export * from './functional/layer-norm';
export * from './functional/softmax';
export * from './generate/generate';
export type { GenerationModel, StepInput, StepOutput } from './generate/generation-model';
export {
  applyRepetitionPenalty,
  applyTemperature,
  banRepeatedNgrams,
  minPFilter,
  type ScoresRow,
  topKFilter,
  topPFilter,
} from './generate/logits-processors';
export type { GenerateOptions } from './generate/options';
export type { GenerateStreamChunk } from './generate/sample-loop';
export { argmax, sampleToken } from './generate/select-token';
export { topIndices } from './generate/top-indices';
export * from './init/fans';
export * as init from './init/initializers';
export { initIsSkipped, withoutInit } from './init/skip-init';
export * from './io/checkpoint';
export * from './io/half';
export type { HttpOptions } from './io/http-store';
export { INDEXEDDB_DATABASE } from './io/indexeddb-store';
export * from './io/load-pretrained';
export type { PretrainedSource } from './io/open-store';
export * from './io/pretrained-layout';
export * from './io/pretrained-model';
export * from './io/safetensors';
export type { SaveDtype } from './io/safetensors-writer';
export * from './io/save-pretrained';
export * from './io/validate-config';
export * from './layers/dropout';
export * from './layers/embedding';
export * from './layers/layer-norm';
export * from './layers/linear';
export * from './losses/binary-cross-entropy';
export * from './losses/cross-entropy';
export * from './losses/mse';
export * from './losses/penalties';
export { type Reduction, reduceLoss } from './losses/reduction';
export * from './module';
export * from './optim/adam';
export * from './optim/adamw';
export * from './optim/clip-grad';
export * from './optim/gradient-accumulator';
export {
  type Gradients,
  Optimizer,
  type OptimizerOptions,
  type OptimizerState,
  type ParamSource,
} from './optim/optimizer';
export * from './optim/rmsprop';
export * from './optim/schedules';
export * from './optim/sgd';
export * from './random';
export * from './train/callbacks';
export * from './train/fit';
export * from './train/precompile';

// Model pieces the lectures use: position embeddings, one-hot, containers, 1-D convolution and pooling.

export * from './containers/module-dict';
export * from './containers/module-list';
export * from './containers/sequential';
export { type Conv1dFnOptions, type Conv1dGeometry, type Conv1dPadding, conv1d } from './functional/conv1d';
export * from './functional/global-pool1d';
export * from './functional/one-hot';
export { type AvgPool1dOptions, avgPool1d, maxPool1d, type Pool1dOptions } from './functional/pool1d';
export * from './layers/activations';
export * from './layers/conv1d';
export * from './layers/learned-position-embedding';
export * from './layers/pool1d';
export {
  SinusoidalPositionEmbedding,
  type SinusoidalPositionEmbeddingOptions,
  sinusoidalPositions,
} from './layers/sinusoidal-position-embedding';
export * from './layers/token-and-position-embedding';
