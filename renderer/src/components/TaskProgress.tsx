import { renderNotice } from '../../../shared/messages/catalog';
import type { ProgressView } from '../../../shared/progress-view';
import { formatBytes, formatDuration, formatSpeed } from '../format';
import { useI18n, type MessageKey, type Translate } from '../i18n';

const PHASES: Readonly<Record<string, MessageKey>> = {
  bundle: 'phase.bundle',
  verify: 'phase.verify',
  push: 'phase.push',
  probe: 'phase.probe',
  copy: 'phase.copy',
  'docker-load': 'phase.dockerLoad',
  'docker-push': 'phase.dockerPush',
  'docker-save': 'phase.dockerSave',
};

// The engine's stage notes, translated where we know them.
const NOTES: Readonly<Record<string, MessageKey>> = {
  'resolving references': 'note.resolving',
  downloading: 'note.downloading',
  writing: 'note.writing',
};

export function phaseLabel(t: Translate, phase: string | undefined): string {
  if (!phase) return t('phase.starting');
  const key = PHASES[phase];
  return key ? t(key) : phase;
}

/**
 * Overall and per-item progress of one task: bytes, speed, time left, retries, and Cancel. The
 * numbers update many times a second, so only the phase is announced to screen readers.
 */
export function TaskProgress({ progress, onCancel, testId }: { progress: ProgressView; onCancel?: (() => void) | undefined; testId: string }) {
  const { t, locale } = useI18n();
  const p = progress;
  const known = p.note ? NOTES[p.note] : undefined;
  const coded = p.notice ? renderNotice(p.notice, locale, 'ui') : undefined;
  const percent = p.fraction !== undefined ? Math.floor(p.fraction * 100) : undefined;
  return (
    <div className="task" data-testid={testId}>
      <div className="row spread">
        <strong role="status" aria-live="polite" data-testid={`${testId}-phase`}>
          {phaseLabel(t, p.phase)}
          {coded ? <span lang={coded.localized ? undefined : 'en'}> · {coded.message}</span> : known ? ` · ${t(known)}` : p.note ? <span lang="en"> · {p.note}</span> : null}
        </strong>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} data-testid={`${testId}-cancel`}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      <progress max={1} value={p.fraction} aria-label={t('progress.overall')} data-testid={`${testId}-bar`} data-fraction={p.fraction ?? ''} />
      <div className="task-facts" data-testid={`${testId}-bytes`}>
        <span>{p.bytesTotal ? t('progress.bytes', { done: formatBytes(p.bytesDone), total: formatBytes(p.bytesTotal), percent: percent ?? 0 }) : formatBytes(p.bytesDone)}</span>
        {p.itemsTotal ? <span>{t('progress.items', { done: p.itemsDone ?? 0, total: p.itemsTotal })}</span> : null}
        <span>{t('progress.speed', { speed: formatSpeed(p.bytesPerSecond) })}</span>
        <span>{t('progress.eta', { eta: formatDuration(p.etaSeconds) })}</span>
        {p.retries > 0 && (
          <span className="warn" data-testid={`${testId}-retries`}>
            {t('progress.retries', { count: p.retries })} <span lang="en">{p.lastRetry?.reason}</span>
          </span>
        )}
      </div>
      {p.item && (
        <div className="task-item">
          <span className="muted">{t('progress.item')}</span> <code>{p.item}</code>
          {p.itemBytesTotal ? (
            <>
              {' '}
              <progress max={p.itemBytesTotal} value={p.itemBytesDone ?? 0} aria-label={t('progress.itemBar')} className="item-bar" /> {formatBytes(p.itemBytesDone)} / {formatBytes(p.itemBytesTotal)}
            </>
          ) : null}
        </div>
      )}
    </div>
  );
}
