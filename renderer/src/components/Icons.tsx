/** Simple line icons drawn inline (kiosks have no emoji font). Decorative: hidden from screen readers. */
import type { ReactElement } from 'react';

export type IconName = 'apply' | 'ticket' | 'progress' | 'guide' | 'appointment' | 'home' | 'back' | 'card' | 'scan' | 'printer' | 'check' | 'warning' | 'phone' | 'keypad' | 'star' | 'voice';

const PATHS: Record<IconName, ReactElement> = {
  apply: (
    <>
      <path d="M14 6h22l10 10v32H14z" />
      <path d="M36 6v10h10" />
      <path d="M21 27h18M21 35h18M21 43h10" />
    </>
  ),
  ticket: (
    <>
      <path d="M8 16h48v10a6 6 0 0 0 0 12v10H8V38a6 6 0 0 0 0-12z" />
      <path d="M24 18v28" strokeDasharray="4 4" />
      <path d="M32 28h16M32 36h12" />
    </>
  ),
  progress: (
    <>
      <circle cx="27" cy="27" r="15" />
      <path d="M38 38l14 14" />
      <path d="M21 27l4 4 8-8" />
    </>
  ),
  guide: (
    <>
      <path d="M32 14c-6-4-14-5-22-4v38c8-1 16 0 22 4 6-4 14-5 22-4V10c-8-1-16 0-22 4z" />
      <path d="M32 14v38" />
    </>
  ),
  appointment: (
    <>
      <rect x="10" y="14" width="44" height="38" rx="4" />
      <path d="M10 24h44M22 8v10M42 8v10" />
      <path d="M23 38l6 6 12-12" />
    </>
  ),
  home: (
    <>
      <path d="M8 30L32 10l24 20" />
      <path d="M16 26v26h32V26" />
      <path d="M27 52V38h10v14" />
    </>
  ),
  back: <path d="M38 12L18 32l20 20" />,
  card: (
    <>
      <rect x="8" y="14" width="48" height="36" rx="4" />
      <circle cx="22" cy="29" r="5" />
      <path d="M14 42c2-5 14-5 16 0M36 26h14M36 34h14" />
    </>
  ),
  scan: (
    <>
      <path d="M10 20V10h10M44 10h10v10M54 44v10H44M20 54H10V44" />
      <path d="M18 32h28" />
    </>
  ),
  printer: (
    <>
      <path d="M18 24V8h28v16" />
      <rect x="8" y="24" width="48" height="20" rx="3" />
      <path d="M18 38h28v18H18z" />
    </>
  ),
  check: <path d="M12 34l12 12 28-28" />,
  warning: (
    <>
      <path d="M32 8l26 46H6z" />
      <path d="M32 26v14M32 46v2" />
    </>
  ),
  phone: <path d="M18 8l8 12-5 5c3 7 8 12 15 15l5-5 12 8-4 10C30 52 12 34 8 12z" />,
  keypad: (
    <>
      <rect x="12" y="6" width="40" height="52" rx="4" />
      <path d="M22 18h4M30 18h4M38 18h4M22 28h4M30 28h4M38 28h4M22 38h4M30 38h4M38 38h4M30 48h4" />
    </>
  ),
  star: <path d="M32 8l7 15 16 2-12 11 3 16-14-8-14 8 3-16L9 25l16-2z" />,
  voice: (
    <>
      <path d="M10 26h10l14-12v36L20 38H10z" />
      <path d="M42 24c3 4 3 12 0 16M48 18c6 8 6 20 0 28" />
    </>
  ),
};

export function Icon({ name, size = 48, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg className={`icon ${className ?? ''}`} width={size} height={size} viewBox="0 0 64 64" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {PATHS[name]}
    </svg>
  );
}
