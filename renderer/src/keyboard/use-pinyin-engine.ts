/** Loads the pinyin engine the first time a keyboard needs it (its dictionary is a chunk of its own). */
import { useEffect, useState } from 'react';
import { loadPinyinEngine, type PinyinEngine } from './pinyin-engine';

let loaded: PinyinEngine | null = null;

export function usePinyinEngine(needed: boolean): { engine: PinyinEngine | null; failed: boolean } {
  const [engine, setEngine] = useState<PinyinEngine | null>(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!needed || engine) return;
    let live = true;
    loadPinyinEngine().then(
      (e) => {
        loaded = e;
        if (live) setEngine(e);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [needed, engine]);
  return { engine, failed };
}

/** Starts loading the dictionary ahead of time (e.g. when a form with a Chinese field appears). */
export function preloadPinyinEngine(): void {
  void loadPinyinEngine().then((e) => (loaded = e), () => undefined);
}
