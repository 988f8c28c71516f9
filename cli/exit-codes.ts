/** Documented exit codes of `higress-airgap` (also listed in `--help`). */
export const ExitCode = {
  Ok: 0,
  /** The operation ran and failed (registry refused, verification found damage…). */
  Failed: 1,
  /** The command line was wrong: unknown option, missing argument, invalid value. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
