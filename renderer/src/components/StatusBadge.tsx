import { useI18n, type MessageKey } from '../i18n';

const LABELS: Readonly<Record<string, MessageKey>> = {
  ok: 'status.ok',
  mismatch: 'status.mismatch',
  missing: 'status.missing',
  unexpected: 'status.unexpected',
  unchecked: 'status.unchecked',
  pushed: 'status.pushed',
  identical: 'status.identical',
  failed: 'status.failed',
  'would-push': 'status.wouldPush',
  'would-skip': 'status.wouldSkip',
  conflict: 'status.conflict',
};

const TONES: Readonly<Record<string, 'ok' | 'warn' | 'bad' | 'info'>> = {
  ok: 'ok',
  pushed: 'ok',
  identical: 'ok',
  'would-skip': 'info',
  'would-push': 'info',
  unchecked: 'info',
  conflict: 'warn',
  unexpected: 'warn',
};

/** A status word from the engine (ok, mismatch, pushed…), translated and coloured. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = LABELS[status];
  return <span className={`badge ${TONES[status] ?? 'bad'}`}>{key ? t(key) : status}</span>;
}
