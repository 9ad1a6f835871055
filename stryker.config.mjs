// Mutation testing (issue 15 item 8): `npm run mutation` (scripts/mutation.mjs), not part of CI.
// StrykerJS has no node:test runner; its TAP runner runs each test file as
// `node -r <stryker hook> --import tsx <file>` and reads node:test's TAP output, so
// the tests import the mutated TypeScript in the sandbox directly (no tsc step).
// Only in-process tests are listed: a test that spawns the built CLI runs the
// unmutated dist/ and could kill nothing. Coverage is per test file, so each mutant
// runs only the files that reached it.
//
// One source folder per run (MUTATION_SCOPE), each with its own incremental file,
// so a re-run only tests mutants whose code or tests changed.
const scope = process.env.MUTATION_SCOPE ?? 'core';

export default {
  packageManager: 'npm',
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: [
      'test/unit/core/*.test.ts',
      'test/unit/apply/execute-plan.test.ts',
      'test/unit/apply/plan-staleness.test.ts',
      'test/unit/apply/agent-call.test.ts',
      'test/unit/apply/apply-units.test.ts',
      'test/unit/apply/saved-plan.test.ts',
      'test/unit/apply/resolve-plan.test.ts',
      'test/unit/apply/run-lock.test.ts',
      'test/unit/apply/powershell-stamp.test.ts',
      'test/unit/apply/instructions-acl.test.ts',
      'test/unit/apply/execute-plan-paths.test.ts',
      'test/unit/apply/apply-command.test.ts',
      'test/unit/apply/run-journal.test.ts',
      'test/unit/plan-file/plan-file.test.ts',
      // Not errors.test.ts: its permission case runs the reader as `nobody`, who cannot enter
      // Stryker's sandbox (created mode 0700), so it fails there whatever the mutant.
      'test/unit/config/fixtures.test.ts',
      'test/unit/config/generated.test.ts',
      'test/unit/config/hostile.test.ts',
      'test/unit/config/values.test.ts',
      'test/unit/config/walker-skip.test.ts',
      'test/unit/config/config-bytes.test.ts',
      'test/hardening/run-journal.test.ts',
      'test/hardening/run-lock-effective.test.ts',
      'test/hardening/apply-state-units.test.ts',
      // Slow per run (fast-check, every golden report), so only with MUTATION_SLOW_TESTS=1:
      ...(process.env.MUTATION_SLOW_TESTS === '1' ? ['test/unit/render/golden.test.ts', 'test/hardening/plan-properties.test.ts'] : []),
    ],
    // The watchdog kills a test process Stryker gave up on (a mutant that loops forever): scripts/mutation-watchdog.mjs.
    nodeArgs: ['--import', './scripts/mutation-watchdog.mjs', '--import', 'tsx', '--test-reporter=tap'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  // Message wording is held by the golden report tests; string-literal mutants would be half of all
  // mutants and cost as much each as a logic mutant, for little signal. Logic first.
  mutator: { excludedMutations: ['StringLiteral'] },
  mutate: [`src/${scope}/**/*.ts`],
  ignorePatterns: ['dist', 'reports', '.bench'],
  concurrency: 1,
  incremental: true,
  incrementalFile: `reports/mutation/${scope}.incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  timeoutMS: 20000,
  disableTypeChecks: true,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
