import { useState } from 'preact/hooks';
import { Field } from '../components.js';
import { useDesk } from '../desk.js';

/** The parts replaced in a repair, in the closing form: the contract's parts to tick, and any others typed. */
export function ReplacedParts({ contractId, onChange }: { contractId: string; onChange: (parts: string[]) => void }) {
  const { t, labels, meta } = useDesk();
  const offered = meta.replacedParts[contractId] ?? [];
  const [ticked, setTicked] = useState<readonly string[]>([]);
  const [other, setOther] = useState('');
  const update = (nextTicked: readonly string[], nextOther: string) => {
    setTicked(nextTicked);
    setOther(nextOther);
    const typed = nextOther
      .split(/[,，、;；]/)
      .map((p) => p.trim())
      .filter(Boolean);
    onChange([...nextTicked, ...typed]);
  };
  return (
    <fieldset class="field replaced-parts" id="replaced-parts">
      <legend class="field-label">{t('replacedParts')}</legend>
      <p class="muted small">{t('replacedPartsHint')}</p>
      {offered.map((p) => (
        <label class="check" key={p.id}>
          <input
            type="checkbox"
            id={`part-${p.id}`}
            checked={ticked.includes(p.id)}
            onChange={(e) => update(e.currentTarget.checked ? [...ticked, p.id] : ticked.filter((x) => x !== p.id), other)}
          />
          <span>{labels.local(p.name)}</span>
        </label>
      ))}
      <Field label={t('replacedPartsOther')}>
        <input class="input" id="part-other" maxLength={400} value={other} onInput={(e) => update(ticked, e.currentTarget.value)} />
      </Field>
    </fieldset>
  );
}
