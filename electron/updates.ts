/**
 * Application updates: NOT IMPLEMENTED. electron-updater is not a dependency of this repository
 * yet, so the shell ships with updates disabled and this file only fixes the interface the main
 * process will use once it is added.
 *
 * The intended design (see electron-builder.yml `publish` and the reference notes):
 * - electron-updater with the generic provider, pointed at an update host on the hall's LAN;
 *   channel files latest.yml (Windows x64 + arm64), latest-linux.yml, latest-linux-arm64.yml;
 *   artefacts checked against the sha512 in the channel file.
 * - Check on start and then every few hours; download in the background; install only when the
 *   kiosk is idle (no citizen session: the page reports idleness), never in the middle of a
 *   transaction, and only outside opening hours if the site configures a window.
 * - AppImage replaces itself. deb updates run `dpkg -i` through pkexec/sudo, which is not
 *   unattended: Linux fleets should update through an apt repository or a root system service.
 */

export type UpdateCheckResult = { kind: 'none' } | { kind: 'available'; version: string } | { kind: 'failed'; code: string };

export interface KioskUpdater {
  /** Asks the update host whether a newer version exists (downloads it in the background if so). */
  check(): Promise<UpdateCheckResult>;
  /** Installs a downloaded update and restarts, at the next moment the kiosk is idle. */
  installWhenIdle(): void;
}

/** The updater in use until electron-updater is added: never finds anything, never installs. */
export const disabledUpdater: KioskUpdater = {
  check: () => Promise.resolve({ kind: 'none' }),
  installWhenIdle: () => undefined,
};
