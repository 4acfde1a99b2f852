/**
 * Static checks on electron-builder.yml. electron-builder (and so its getConfig/validateConfiguration
 * and scheme.json) is NOT installed in this repository, and flipping fuses needs the real Electron
 * binary, so the packaging settings are asserted here by parsing the YAML; the packaging job that
 * installs electron-builder validates the whole file against its schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface TargetEntry {
  target: string;
  arch: string[];
}

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  files: string[];
  npmRebuild: boolean;
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: TargetEntry[]; category: string; maintainer: string };
  deb: { depends: string[] };
  win: { target: TargetEntry[] };
  publish: { provider: string; url: string };
}

const root = path.resolve(import.meta.dirname, '../../..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('cn.gov.bianmin.kiosk');
    expect(config.productName).toBe('便民自助终端');
    expect(config.directories.output).toBe('release');
  });

  it('packs the built bundles and package.json', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('package.json');
  });

  it('does not rebuild native modules (N-API prebuilds; @electron/rebuild would go to node-gyp)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('uses asar with native addons unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('flips the fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds deb and AppImage for x64 and arm64 on Linux', () => {
    const targets = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    expect(config.linux.category).toBeTruthy();
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('keeps electron-builder default deb dependencies and adds libusb and udev', () => {
    for (const dep of ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0', 'libusb-1.0-0', 'udev']) {
      expect(config.deb.depends).toContain(dep);
    }
    expect(config.deb.depends.some((dep) => dep.includes('chromium'))).toBe(false);
    expect(new Set(config.deb.depends).size).toBe(config.deb.depends.length);
  });

  it('builds NSIS for x64 and arm64 on Windows', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
  });

  it('publishes to a generic (LAN) update host', () => {
    expect(config.publish.provider).toBe('generic');
    expect(() => new URL(config.publish.url)).not.toThrow();
  });
});
