/** A QR code drawn as an inline SVG (no canvas, no eval; CSP-safe). Never put personal data in it. */
import { useMemo } from 'react';
import QRCode from 'qrcode';

export function QrImage({ text, label, size = 240, testId }: { text: string; label: string; size?: number; testId?: string }) {
  const path = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let y = 0; y < n; y += 1) for (let x = 0; x < n; x += 1) if (qr.modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
    return { d, n: n + 8 };
  }, [text]);
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${path.n} ${path.n}`} data-testid={testId} data-qr={text} shapeRendering="crispEdges">
      <rect width={path.n} height={path.n} fill="#ffffff" />
      <path d={path.d} fill="#000000" />
    </svg>
  );
}
