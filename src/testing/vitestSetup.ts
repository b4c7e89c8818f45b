import { allowRelaxedSimd } from '../node/relaxedSimd';

// The SIMD kernels run their fused build wherever the runtime allows it, as the CLI, the bench
// and Chrome do; Node 20 allows it only when asked.
allowRelaxedSimd();
