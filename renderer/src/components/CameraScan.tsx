/**
 * The camera as the code scanner (KIOSK_QR_SCANNER=camera): placed on a screen that waits for a
 * code, it shows a small live preview and a notice that the camera is on (a camera in a public place
 * must be disclosed), decodes in a Web Worker (CameraScanner) and feeds the scans to pageScans, so
 * the screen's useScan sees them. The camera runs only while this is mounted. Renders nothing when
 * the scanner is not the camera.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useServices } from '../app/services';
import { CameraScanner } from '../devices/scanning/camera-scanner';
import { pageScans } from '../devices/scanning/page-scans';
import { startCameraSession, type CameraSessionState } from '../devices/scanning/camera-session';

export function CameraScan() {
  const { live } = useServices();
  if (live.devices['qr-scanner']?.connection !== 'camera') return null;
  return <CameraScanView />;
}

function CameraScanView() {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraSessionState>('starting');
  useEffect(
    () =>
      startCameraSession({
        scanner: new CameraScanner(),
        ...(video.current ? { video: video.current } : {}),
        emit: (scan) => pageScans.emit(scan),
        onState: setState,
      }),
    [],
  );
  return (
    <div className="camera-scan" data-testid="camera-scan" data-state={state}>
      <video ref={video} className="camera-scan__preview" data-testid="camera-preview" muted playsInline aria-label={t('camera.preview')} hidden={state === 'failed'} />
      {state === 'failed' ? (
        <p className="callout callout--bad" role="alert" data-testid="camera-failed">
          {t('camera.failed')}
        </p>
      ) : (
        <p className="camera-scan__notice" role="status" data-testid="camera-notice">
          {t('camera.notice')}
        </p>
      )}
    </div>
  );
}
