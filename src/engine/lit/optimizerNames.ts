// Apart from optimizers.ts so that config parsing (also on the page's main thread) loads no tfjs.
export const optimizerNames = ['adam', 'adamw', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];
