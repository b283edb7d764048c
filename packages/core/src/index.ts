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
export * from './init/fans';
export * as init from './init/initializers';
export * from './activations/activations';
export * from './activations/softmax';
export * from './layers/linear';
export * from './layers/dropout';
export * from './layers/layer-norm';
export * from './layers/embedding';
export * from './losses/reduction';
export * from './losses/cross-entropy';
export * from './losses/binary-cross-entropy';
export * from './losses/mse';
export * from './losses/penalties';
export * from './optim/optimizer';
export * from './optim/sgd';
export * from './optim/rmsprop';
export * from './optim/adam';
export * from './optim/adamw';
export * from './optim/clip-grad';
export * from './optim/gradient-accumulator';
export * from './schedules/schedule';
export * from './schedules/schedules';
export * from './io/half';
export * from './io/safetensors';
export * from './io/checkpoint';
export * from './train/callbacks';
export * from './train/fit';
