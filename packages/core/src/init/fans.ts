import { ArgumentError } from '../errors';

/** Non-linearities known to `calculateGain` (PyTorch's `torch.nn.init.calculate_gain`). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/**
 * The recommended gain for a non-linearity, exactly as `torch.nn.init.calculate_gain`:
 * linear/conv/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2 / (1 + a²)) (`param` = a, default
 * 0.01), selu 3/4.
 *
 * @example
 * ```ts
 * calculateGain('relu'); // 1.4142…
 * calculateGain('leaky_relu', Math.sqrt(5)); // √(1/3): PyTorch's Linear init
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const a = param ?? 0.01;
      if (!Number.isFinite(a)) throw new ArgumentError('calculateGain(param)', 'a finite slope', a);
      return Math.sqrt(2 / (1 + a * a));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ArgumentError(
        'calculateGain(nonlinearity)',
        'one of linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu, selu',
        nonlinearity,
      );
  }
}

/**
 * `fanIn` and `fanOut` of a weight shape in PyTorch's layout (`[out, in, ...kernel]`), as
 * `torch.nn.init._calculate_fan_in_and_fan_out`: fanIn = shape[1]·receptive, fanOut =
 * shape[0]·receptive. Needs at least 2 dimensions.
 *
 * @example
 * ```ts
 * computeFans([8, 4]); // { fanIn: 4, fanOut: 8 } — a Linear(4 → 8) weight
 * ```
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ArgumentError('computeFans(shape)', 'a shape with at least 2 dimensions', shape);
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}
