/** Whether the screen stands upright (portrait 1080 × 1920) — follows the screen when it turns. */
import { useSyncExternalStore } from 'react';

const QUERY = '(orientation: portrait)';
const media = () => (typeof matchMedia === 'function' ? matchMedia(QUERY) : null);

function subscribe(onChange: () => void): () => void {
  const list = media();
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

export function usePortrait(): boolean {
  return useSyncExternalStore(subscribe, () => media()?.matches ?? false, () => false);
}
