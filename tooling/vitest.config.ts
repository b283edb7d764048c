import { glossaVitest } from './vitest.preset.mjs';

export default glossaVitest({ test: { include: ['test/**/*.test.ts'] } });
