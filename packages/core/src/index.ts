/**
 * @packageDocumentation
 * The glossa tensor layer on `@tensorflow/tfjs-core`: backend selection, the kernels and
 * gradients NLP training needs, modules and layers with PyTorch-compatible state dicts, losses,
 * optimizers, schedules, a training loop and safetensors checkpoints.
 */
export * from './errors';
export * from './random';
export * from './module';
export {
  type BackendInfo,
  type BackendName,
  type ConcreteBackend,
  type UseBackendOptions,
  ensureTfjsExtras,
  probeBackends,
  useBackend,
} from './backend';
