import { glossaVitest } from '@glossa/tooling/vitest';

export default glossaVitest();
