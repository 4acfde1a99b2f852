/** A calm row of the terminal's devices; a fault says who must act. */
import { DEVICE_ROLES, type DeviceRole, type DeviceStatus } from '../../../common/devices/status';
import { useI18n } from '../i18n/i18n';

export function DeviceStrip({ devices }: { devices: Partial<Record<DeviceRole, DeviceStatus>> }) {
  const { t } = useI18n();
  return (
    <ul className="device-strip" aria-label="devices">
      {DEVICE_ROLES.map((role) => {
        const status = devices[role];
        const state = status?.state ?? 'offline';
        return (
          <li key={role} className={`device device--${state}`} data-testid={`device-status-${role}`} data-state={state}>
            <span className="device__dot" aria-hidden="true" />
            <span className="device__name">{t(`device.${role}`)}</span>
            <span className="device__state">{t(`device.state.${state}`)}</span>
            {status?.fault ? <span className="device__actor">{t(`device.actor.${status.fault.actor}`)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
