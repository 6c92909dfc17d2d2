import { useId } from 'react';
import type { ScrubStepName } from '../../../main/api/contract';
import { useI18n } from '../i18n';

/** "Step 2 of 5: the phone and card index", with a real progress bar. */
export function ScrubProgressBar({ steps, step }: { steps: readonly ScrubStepName[]; step: number }) {
  const { t, tDynamic } = useI18n();
  const labelId = useId();
  return (
    <div className="scrub-progress">
      <p id={labelId} className="scrub-progress-label">{t('erase.progressLabel')}</p>
      <progress aria-labelledby={labelId} value={step} max={steps.length} />
      <p className="muted" aria-live="polite">
        {t('erase.progress', { step: step + 1, steps: steps.length, what: tDynamic(`erase.step.${steps[step]}`) })}
      </p>
    </div>
  );
}
