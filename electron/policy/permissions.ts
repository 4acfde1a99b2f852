/**
 * Which web permissions the kiosk page gets: the camera (video only, for QR scanning and document
 * photos) for the app's own origin in the main frame, and nothing else. No microphone, geolocation,
 * notifications, clipboard, USB, serial, HID, MIDI, … — the page reaches devices only through the
 * device host. Pure; main.ts wires it to setPermissionRequestHandler / setPermissionCheckHandler.
 */
import { isAppOrigin, isAppUrl } from './navigation';

export interface PermissionRequestInfo {
  isMainFrame?: boolean;
  requestingUrl?: string;
  securityOrigin?: string;
  mediaTypes?: ReadonlyArray<'video' | 'audio'>;
}

export interface PermissionCheckInfo {
  isMainFrame?: boolean;
  requestingUrl?: string;
  securityOrigin?: string;
  mediaType?: 'video' | 'audio' | 'unknown';
}

/** The request for `getUserMedia`: allowed only for video alone, from app://kiosk, in the main frame. */
export function permissionRequestDecision(permission: string, details: PermissionRequestInfo): boolean {
  if (permission !== 'media') return false;
  if (details.isMainFrame !== true) return false;
  if (details.requestingUrl === undefined || !isAppUrl(details.requestingUrl)) return false;
  if (details.securityOrigin !== undefined && !isAppOrigin(details.securityOrigin) && !isAppUrl(details.securityOrigin)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

/** The synchronous check Chromium makes before (or instead of) a request. */
export function permissionCheckDecision(permission: string, requestingOrigin: string, details: PermissionCheckInfo): boolean {
  if (permission !== 'media') return false;
  if (details.mediaType !== 'video') return false;
  if (!isAppOrigin(requestingOrigin) && !isAppUrl(requestingOrigin)) return false;
  if (details.securityOrigin !== undefined && !isAppOrigin(details.securityOrigin) && !isAppUrl(details.securityOrigin)) return false;
  if (details.requestingUrl !== undefined && !isAppUrl(details.requestingUrl)) return false;
  return details.isMainFrame !== false;
}

/** setDevicePermissionHandler: WebUSB/WebHID/WebSerial never; devices belong to the host. */
export function devicePermissionDecision(): boolean {
  return false;
}
