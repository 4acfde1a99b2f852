/**
 * Wraps the hall name on the home screen. Hold it 3 s, release, then tap the bottom-right corner
 * within 2 s: `onOpen()`. Nothing visible changes during the gesture except a faint corner target.
 *
 *   <StaffDoor onOpen={() => setStaffMode(true)}><div className="header__name">…</div></StaffDoor>
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cancel, cornerTap, DOOR_IDLE, isArmed, pressEnd, pressStart, CORNER_WINDOW_MS, type DoorState } from './door-gesture';

export function StaffDoor({ onOpen, children }: { onOpen(): void; children: ReactNode }) {
  const state = useRef<DoorState>(DOOR_IDLE);
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => {
      state.current = DOOR_IDLE;
      setArmed(false);
    }, CORNER_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  const update = (next: DoorState) => {
    state.current = next;
    setArmed(isArmed(next, Date.now()));
  };
  return (
    <>
      <div
        data-testid="staff-door"
        style={{ touchAction: 'none', userSelect: 'none' }}
        onPointerDown={() => update(pressStart(state.current, Date.now()))}
        onPointerUp={() => update(pressEnd(state.current, Date.now()))}
        onPointerLeave={() => state.current.phase === 'holding' && update(cancel())}
        onPointerCancel={() => update(cancel())}
        onContextMenu={(event) => event.preventDefault()}
      >
        {children}
      </div>
      {armed ? (
        <button
          type="button"
          data-testid="staff-door-corner"
          aria-label="staff"
          style={{ position: 'fixed', right: 0, bottom: 0, width: 120, height: 120, opacity: 0.04, background: '#000', border: 'none', zIndex: 1000 }}
          onClick={() => {
            const result = cornerTap(state.current, Date.now());
            update(result.state);
            if (result.open) onOpen();
          }}
        />
      ) : null}
    </>
  );
}
