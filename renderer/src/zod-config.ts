import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may; the strict CSP (no 'unsafe-eval')
// forbids that, and the probe alone logs a CSP violation. The interpreter is plenty fast here.
z.config({ jitless: true });
