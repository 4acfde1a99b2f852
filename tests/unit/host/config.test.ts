import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadKioskConfig } from '../../../host/config/load-config';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'kiosk-config-'));

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('kiosk configuration', () => {
  it('defaults to simulated devices and the embedded platform', () => {
    const config = loadKioskConfig({ env: {}, dataDir: emptyDir() });
    expect(config.platform).toEqual({ mode: 'embedded' });
    expect(Object.values(config.devices).map((d) => d.kind)).toEqual(['simulator', 'simulator', 'simulator', 'simulator']);
    expect(config.paperWidth).toEqual({ receipt: 80, ticket: 80 });
    expect(config.language).toBe('zh-CN');
  });

  it('keeps receipts 24 hours unless configured, and names a bad retention with where it came from', () => {
    expect(loadKioskConfig({ env: {}, dataDir: emptyDir() }).receiptRetentionHours).toBe(24);
    const dataDir = emptyDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ outbox: { receiptRetentionHours: 72 } }));
    expect(loadKioskConfig({ env: {}, dataDir }).receiptRetentionHours).toBe(72);
    expect(loadKioskConfig({ env: { KIOSK_RECEIPT_RETENTION_HOURS: '6' }, dataDir }).receiptRetentionHours).toBe(6);
    expect(problemsOf(() => loadKioskConfig({ env: { KIOSK_RECEIPT_RETENTION_HOURS: '0.5' }, dataDir }))).toEqual([expect.stringContaining('KIOSK_RECEIPT_RETENTION_HOURS is "0.5"')]);
  });

  it('reads the config file and lets environment variables override it', () => {
    const dataDir = emptyDir();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ platform: { url: 'https://intake.example.gov.cn/api' }, devices: { 'idcard-reader': 'serial:/dev/ttyUSB0?baud=115200', 'receipt-printer': 'tcp://10.1.2.3:9100' }, paperWidth: { ticket: 58 } }),
    );
    const config = loadKioskConfig({ env: { KIOSK_RECEIPT_PRINTER: 'usblp:/dev/usb/lp0' }, dataDir });
    expect(config.platform).toEqual({ mode: 'remote', url: 'https://intake.example.gov.cn/api' });
    expect(config.devices['idcard-reader']).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 });
    expect(config.devices['receipt-printer']).toEqual({ kind: 'usblp', path: '/dev/usb/lp0' });
    expect(config.paperWidth.ticket).toBe(58);
  });

  it('reports every bad value at once, saying where it came from and what is expected', () => {
    const problems = problemsOf(() =>
      loadKioskConfig({
        env: { KIOSK_PLATFORM_URL: 'http://intake.example.gov.cn', KIOSK_IDCARD_READER: 'tcp://1.2.3.4:9100', KIOSK_QR_SCANNER: 'serial:/dev/ttyACM0?baud=12345', KIOSK_RECEIPT_WIDTH: '70', KIOSK_UI_PORT: 'eighty' },
        dataDir: emptyDir(),
      }),
    );
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/KIOSK_PLATFORM_URL .*plain http is allowed only to this machine/);
    expect(problems.find((p) => p.startsWith('KIOSK_IDCARD_READER'))).toMatch(/tcp connection, which this device cannot use.*serial:\/dev\/ttyUSB0/);
    expect(problems.find((p) => p.startsWith('KIOSK_QR_SCANNER'))).toMatch(/baud 12345/);
    expect(problems.find((p) => p.startsWith('KIOSK_RECEIPT_WIDTH'))).toMatch(/expected 80 or 58/);
    expect(problems.find((p) => p.startsWith('KIOSK_UI_PORT'))).toMatch(/expected a port number/);
  });

  it('names the file and the key of a bad config file entry', () => {
    const dataDir = emptyDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ paperWidth: { receipt: 76 }, colour: 'blue' }));
    const problems = problemsOf(() => loadKioskConfig({ env: {}, dataDir }));
    expect(problems.some((p) => p.includes('config.json') && p.includes('paperWidth.receipt'))).toBe(true);
    expect(problems.some((p) => p.includes('colour'))).toBe(true);
  });

  it('says how to recover from a config file that is not JSON', () => {
    const dataDir = emptyDir();
    writeFileSync(join(dataDir, 'config.json'), '{ "platform": ');
    expect(problemsOf(() => loadKioskConfig({ env: {}, dataDir }))[0]).toMatch(/not valid JSON.*delete it to use the defaults/);
  });
});
