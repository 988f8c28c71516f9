import { CopyButton } from './CopyButton';

/** A long checksum or digest: shown in full (selectable, wraps) with a copy button. */
export function Hash({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <span className="hash">
      <code data-testid={testId}>{value}</code>
      <CopyButton text={value} label={label} />
    </span>
  );
}
