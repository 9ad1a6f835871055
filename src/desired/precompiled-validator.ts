/**
 * The build's standalone validator (dist/src/desired/desired-state.validator.cjs,
 * written by scripts/build/compile-schema.mjs), or undefined where there is none
 * (tsx). A module of its own because the bundler (scripts/package/bundle.mjs)
 * swaps it for a static require of that file, which it can follow; it cannot
 * follow createRequire.
 */
import { createRequire } from 'node:module';

export function loadPrecompiledValidator(): unknown {
  try {
    return createRequire(import.meta.url)('./desired-state.validator.cjs');
  } catch {
    return undefined;
  }
}
