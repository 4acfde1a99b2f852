/** The real device host (host/device-host.ts): a staff card presented while sign-in waits never reaches the citizen flow. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTextChannelPair } from '../../../common/ipc/message-channel';
import { RpcClient } from '../../../common/ipc/rpc-client';
import { loadKioskConfig } from '../../../host/config/load-config';
import { startDeviceHost, type DeviceHost } from '../../../host/device-host';
import { readLaunchParameters } from '../../../host/launch-parameters';
import { DEMO_CARDS } from '../../../drivers/idcard/demo-cards';
import { collectingLogger, DEMO, seedEnrollment, tempDir } from '../../unit/staff/helpers';

let host: DeviceHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('the device host with staff sign-in by card', () => {
  it('diverts the card to staff sign-in, then passes the next one to the citizen flow again', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const lines: string[] = [];
    host = await startDeviceHost(loadKioskConfig({ env: {}, dataDir }), readLaunchParameters({ KIOSK_HEARTBEAT_SECONDS: '3600' }), collectingLogger(lines));
    const [hostEnd, uiEnd] = createTextChannelPair();
    host.connect(hostEnd, 'test');
    const client = new RpcClient(uiEnd, { timeoutMs: 10_000 });
    const presented: string[] = [];
    client.on('idcard.presented', (card) => presented.push(card.cardType));
    await host.devices.started();
    const base = DEMO_CARDS[0]!;
    const idcard = host.devices.simulators.idcard!;

    const signIn = client.call('staff.signInWithCard', { timeoutSeconds: 10 });
    await expect.poll(async () => (await client.call('staff.status', {})).staff.length).toBe(4);
    // Requests are handled in order and the sign-in handler arms the reader synchronously, so it is armed by now.
    idcard.placeCard({ ...base, card: { ...base.card, idNumber: DEMO.technician.idNumber } });
    expect(await signIn).toMatchObject({ ok: true, session: { staffId: 'TH-T01', roles: ['technician'] } });
    idcard.removeCard();
    await client.call('devices.list', {});
    expect(presented).toEqual([]);

    idcard.placeCard(base);
    await expect.poll(() => presented.length).toBe(1);
    expect(lines.join('\n')).not.toContain(DEMO.technician.idNumber);
    expect(lines.join('\n')).not.toContain(base.card.idNumber);
  });
});
