/**
 * The staff PIN pad: ten large digit keys, shown as dots only. (The shared on-screen keyboard echoes
 * what is typed, which a PIN must never do with citizens standing nearby.) Digits are laid out in
 * the usual order; the value lives only in this component until it is sent to the host.
 */
import { useState } from 'react';
import { useStaffText } from './messages';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PinPad({ label, onSubmit, onCancel, maxLength = 12 }: { label: string; onSubmit(pin: string): void; onCancel(): void; maxLength?: number }) {
  const t = useStaffText();
  const [pin, setPin] = useState('');
  const key = (text: string, onClick: () => void, testId: string, disabled = false) => (
    <button type="button" className="button" data-testid={testId} disabled={disabled} onClick={onClick} style={{ minHeight: 96, minWidth: 120, fontSize: 36 }}>
      {text}
    </button>
  );
  const add = (d: string) => setPin((p) => (p.length < maxLength ? p + d : p));
  return (
    <section data-testid="staff-pin-pad" aria-label={label}>
      <h2>{label}</h2>
      <p data-testid="staff-pin-dots" aria-live="polite" style={{ fontSize: 48, letterSpacing: 12, minHeight: 64 }}>
        {'●'.repeat(pin.length)}
      </p>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 120px)', gap: 16 }}>
        {KEYS.map((d) => key(d, () => add(d), `staff-pin-${d}`))}
        {key(t('staff.pin.clear'), () => setPin(''), 'staff-pin-clear')}
        {key('0', () => add('0'), 'staff-pin-0')}
        {key(t('staff.pin.delete'), () => setPin((p) => p.slice(0, -1)), 'staff-pin-delete')}
      </div>
      <div style={{ display: 'flex', gap: 16, marginTop: 24 }}>
        <button type="button" className="button" data-testid="staff-pin-cancel" onClick={onCancel} style={{ minHeight: 96 }}>
          {t('staff.exit')}
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="staff-pin-ok"
          disabled={pin.length < 4}
          style={{ minHeight: 96, minWidth: 200 }}
          onClick={() => {
            const value = pin;
            setPin('');
            onSubmit(value);
          }}
        >
          {t('staff.pin.ok')}
        </button>
      </div>
    </section>
  );
}
