/**
 * Changes to `<dataDir>/config.json` made from staff screens (device assignment, the platform
 * address from provisioning). The candidate file is checked by the same loader the host starts
 * with (host/config/load-config.ts), in a scratch directory, before it replaces the real file
 * (temp + fsync + rename): a bad value can never stop the next start.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, loadKioskConfig } from '../config/load-config';
import { writeJsonDurably } from '../platform/terminal-service';

export type ConfigFileUpdate = { ok: true; path: string } | { ok: false; problems: string[] };

export function updateConfigFile(dataDir: string, mutate: (file: Record<string, unknown>) => void): ConfigFileUpdate {
  const path = join(dataDir, CONFIG_FILE_NAME);
  let file: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) file = parsed as Record<string, unknown>;
    } catch {
      return { ok: false, problems: [`${path} is not valid JSON; fix or remove it first.`] };
    }
  }
  mutate(file);
  const scratch = mkdtempSync(join(tmpdir(), 'kiosk-config-check-'));
  try {
    writeFileSync(join(scratch, CONFIG_FILE_NAME), JSON.stringify(file));
    loadKioskConfig({ env: {}, dataDir: scratch });
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problems: error.problems.map((p) => p.replace(join(scratch, CONFIG_FILE_NAME), CONFIG_FILE_NAME)) };
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeJsonDurably(path, file);
  return { ok: true, path };
}
