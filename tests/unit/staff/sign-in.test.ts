import { afterEach, describe, expect, it } from 'vitest';
import { verifyPin, cardHashOf, staffListOf, parsePinHash } from '../../../host/staff/credentials';
import { Lockout } from '../../../host/staff/lockout';
import { DEMO, DEMO_HALL, fakeClock, seedEnrollment, startTestHost, tempDir, type TestHost } from './helpers';
import { join } from 'node:path';

const hosts: TestHost[] = [];
afterEach(async () => {
  while (hosts.length > 0) await hosts.pop()!.close();
});

async function host(options: Parameters<typeof startTestHost>[0] = {}): Promise<TestHost> {
  const h = await startTestHost(options);
  hosts.push(h);
  return h;
}

describe('staff credentials of the demo hall', () => {
  const staff = staffListOf(DEMO_HALL);

  it('verifies every demo PIN against its provisioned scrypt hash, and refuses others', async () => {
    for (const who of [DEMO.technician, DEMO.manager, DEMO.assistant, DEMO.assistantPinOnly]) {
      const member = staff.find((s) => s.staffId === who.staffId)!;
      expect(await verifyPin(who.pin, member.pinHash)).toBe(true);
      expect(await verifyPin('731902', member.pinHash)).toBe(false);
    }
    // Another staff member's PIN is not yours.
    expect(await verifyPin(DEMO.manager.pin, staff.find((s) => s.staffId === DEMO.technician.staffId)!.pinHash)).toBe(false);
  });

  it('treats a missing, malformed or absurd hash as no PIN', async () => {
    expect(await verifyPin('246810', undefined)).toBe(false);
    expect(await verifyPin('246810', 'sha1$abc')).toBe(false);
    expect(parsePinHash('scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull();
    expect(parsePinHash('scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull();
  });

  it('matches the demo staff cards by SHA-256 of <hallId>:<identity number>', () => {
    expect(cardHashOf(DEMO_HALL.hallId, DEMO.technician.idNumber)).toBe(staff.find((s) => s.staffId === 'TH-T01')!.cardHash);
    expect(cardHashOf(DEMO_HALL.hallId, DEMO.manager.idNumber)).toBe(staff.find((s) => s.staffId === 'TH-M01')!.cardHash);
    expect(cardHashOf(DEMO_HALL.hallId, DEMO.assistant.idNumber)).toBe(staff.find((s) => s.staffId === 'TH-A01')!.cardHash);
  });
});

describe('the lockout', () => {
  it('locks after five wrong PINs for 1, 2, 4, 8 … minutes (capped), and survives a restart', () => {
    const clock = fakeClock();
    const path = join(tempDir(), 'lockout.json');
    let lockout = new Lockout(path, clock.now);
    const lockFor = (): number => {
      for (let i = 1; i <= 4; i += 1) expect(lockout.fail()).toBe(false);
      expect(lockout.fail()).toBe(true);
      return lockout.lockedUntil()! - clock.now();
    };
    expect(lockFor()).toBe(60_000);
    expect(lockout.snapshot().attemptsLeft).toBe(0);
    expect(lockout.fail()).toBe(false); // a wrong PIN while locked is not counted again
    clock.advance(59_999);
    lockout = new Lockout(path, clock.now); // host restart
    expect(lockout.lockedUntil()).not.toBeNull();
    clock.advance(1);
    expect(lockout.lockedUntil()).toBeNull();
    expect(lockFor()).toBe(120_000);
    clock.advance(120_000);
    expect(lockFor()).toBe(240_000);
    clock.advance(240_000);
    const durations = [];
    for (let i = 0; i < 6; i += 1) {
      durations.push(lockFor());
      clock.advance(durations[durations.length - 1]!);
    }
    expect(durations).toEqual([480_000, 960_000, 1_920_000, 3_840_000, 3_840_000, 3_840_000]);
    lockout.succeed();
    expect(lockFor()).toBe(60_000);
  });
});

describe('staff sign-in through the host', () => {
  it('signs in with the PIN of the staff member chosen on screen, with that member\'s roles', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const h = await host({ dataDir });
    const status = await h.client.call('staff.status', {});
    expect(status.staff.map((s) => s.staffId)).toEqual(['TH-T01', 'TH-M01', 'TH-A01', 'TH-A02']);
    expect(JSON.stringify(status)).not.toMatch(/scrypt|[0-9a-f]{64}/);
    const result = await h.client.call('staff.signInWithPin', { staffId: 'TH-M01', pin: DEMO.manager.pin });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.roles).toEqual(['hall-manager', 'assistant']);
    expect(result.session.idleTimeoutSeconds).toBe(90);
    expect((await h.client.call('staff.session', { session: result.session.token })).active).toBe(true);
  });

  it('locks staff entry after five wrong PINs, reports it, and keeps it locked across a host restart', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const clock = fakeClock();
    let h = await host({ dataDir, staffOptions: { now: clock.now } });
    for (let i = 1; i <= 4; i += 1) {
      const r = await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: '731902' });
      expect(r).toMatchObject({ ok: false, reason: 'wrong-credential', lockout: { attemptsLeft: 5 - i } });
    }
    const fifth = await h.client.call('staff.signInWithPin', { staffId: 'TH-A02', pin: '582914' });
    expect(fifth).toMatchObject({ ok: false, reason: 'locked', lockout: { level: 1 } });
    expect(h.events.filter((e) => e.name === 'staff.lockout')).toHaveLength(1);
    // The right PIN does not help while locked, nor does a card.
    expect(await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: DEMO.technician.pin })).toMatchObject({ ok: false, reason: 'locked' });
    await h.close();
    hosts.pop();

    clock.advance(30_000);
    h = await host({ dataDir, staffOptions: { now: clock.now } });
    expect(await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: DEMO.technician.pin })).toMatchObject({ ok: false, reason: 'locked' });
    clock.advance(30_000);
    expect(await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: DEMO.technician.pin })).toMatchObject({ ok: true });

    const actions = h.staff.audit.all().map((r) => `${r.entry.action}:${r.entry.outcome}`);
    expect(actions.filter((a) => a === 'staff-sign-in:refused')).toHaveLength(7);
    expect(actions).toContain('staff-lockout:refused');
    expect(actions[actions.length - 1]).toBe('staff-sign-in:ok');
    // Never a PIN in the audit log or the log.
    const written = JSON.stringify(h.staff.audit.all()) + h.logLines.join('\n');
    for (const pin of ['731902', '582914', DEMO.technician.pin]) expect(written).not.toContain(pin);
  });

  it('ends a session after 90 s without activity, and on sign-out', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const clock = fakeClock();
    const h = await host({ dataDir, staffOptions: { now: clock.now } });
    const r = await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: DEMO.technician.pin });
    if (!r.ok) throw new Error('sign-in failed');
    const session = r.session.token;
    clock.advance(89_000);
    await h.client.call('staff.touch', { session });
    clock.advance(89_000);
    expect((await h.client.call('staff.session', { session })).active).toBe(true);
    clock.advance(90_000);
    expect((await h.client.call('staff.session', { session })).active).toBe(false);
    expect(h.events).toContainEqual({ name: 'staff.sessionEnded', payload: { reason: 'timeout', staffId: 'TH-T01' } });
    await expect(h.client.call('staff.diagnostics', { session })).rejects.toMatchObject({ code: 'unavailable' });

    const again = await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: DEMO.technician.pin });
    if (!again.ok) throw new Error('sign-in failed');
    await h.client.call('staff.signOut', { session: again.session.token });
    expect(h.events).toContainEqual({ name: 'staff.sessionEnded', payload: { reason: 'signed-out', staffId: 'TH-T01' } });
    await expect(h.client.call('staff.touch', { session: again.session.token })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('checks the role of every staff-only method, and audits a refusal', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const h = await host({ dataDir });
    const signIn = async (who: { staffId: string; pin: string }) => {
      const r = await h.client.call('staff.signInWithPin', { staffId: who.staffId, pin: who.pin });
      if (!r.ok) throw new Error('sign-in failed');
      return r.session.token;
    };
    const assistant = await signIn(DEMO.assistant);
    expect(await h.client.call('staff.assisted.start', { session: assistant })).toEqual({});
    await expect(h.client.call('staff.queue.pause', { session: assistant, category: 'A', reason: 'staff-shortage' })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/hall-manager/) });
    await expect(h.client.call('staff.diagnostics', { session: assistant })).rejects.toMatchObject({ code: 'failed' });
    const manager = await signIn(DEMO.manager);
    // The manager's sign-in replaced the assistant's session.
    await expect(h.client.call('staff.touch', { session: assistant })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(h.client.call('staff.devices.save', { session: manager, assignments: { 'ticket-printer': 'none' } })).rejects.toMatchObject({ code: 'failed' });
    const paused = await h.client.call('staff.queue.pause', { session: manager, category: 'B', reason: 'staff-shortage', note: '午间窗口人手不足' });
    expect(paused).toMatchObject([{ category: 'B', reason: 'staff-shortage' }]);
    expect(await h.client.call('queue.pausedCategories', {})).toMatchObject([{ category: 'B' }]);
    expect(h.events.some((e) => e.name === 'queue.pausedChanged')).toBe(true);
    const technician = await signIn(DEMO.technician);
    await expect(h.client.call('staff.queue.resume', { session: technician, category: 'B' })).rejects.toMatchObject({ code: 'failed' });
    await expect(h.client.call('staff.assisted.start', { session: technician })).rejects.toMatchObject({ code: 'failed' });
    expect(await h.client.call('staff.devices.save', { session: technician, assignments: { 'ticket-printer': 'tcp://10.0.0.5:9100' } })).toMatchObject({ ok: true });
    expect(await h.client.call('staff.devices.save', { session: technician, assignments: { 'idcard-reader': 'tcp://10.0.0.5:9100' } })).toMatchObject({ ok: false });
    const refusals = h.staff.audit.all().filter((r) => r.entry.outcome === 'refused' && r.entry.detail?.reason === 'role');
    expect(refusals.map((r) => `${r.entry.staffId}:${r.entry.action}`)).toEqual(['TH-A01:category-pause', 'TH-A01:diagnostics-view', 'TH-M01:device-assign', 'TH-T01:category-resume', 'TH-T01:assisted-start']);
    expect(h.staff.audit.all().filter((r) => r.entry.outcome === 'ok' && r.entry.action === 'assisted-start').map((r) => r.entry.staffId)).toEqual(['TH-A01']);
    expect(h.staff.audit.verify()).toEqual({ ok: true, entries: h.staff.audit.size });
  });

  it('diverts the next card to staff sign-in and matches it by card hash, without logging its number', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const h = await host({ dataDir });
    await h.ctx.devices.started();
    const { DEMO_CARDS } = await import('../../../drivers/idcard/demo-cards');
    const base = DEMO_CARDS[0]!;
    const pending = h.client.call('staff.signInWithCard', { timeoutSeconds: 10 });
    await expect.poll(() => h.staff.gate.armed).toBe(true);
    h.ctx.devices.simulators.idcard!.placeCard({ ...base, card: { ...base.card, idNumber: DEMO.manager.idNumber } });
    const result = await pending;
    expect(result).toMatchObject({ ok: true, session: { staffId: 'TH-M01', method: 'card' } });
    expect(h.events.filter((e) => e.name === 'idcard.presented')).toHaveLength(0);
    const written = JSON.stringify(h.staff.audit.all()) + h.logLines.join('\n');
    expect(written).not.toContain(DEMO.manager.idNumber);

    // A citizen's card is not a staff card: refused, and counted like a wrong PIN.
    h.ctx.devices.simulators.idcard!.removeCard();
    const second = h.client.call('staff.signInWithCard', { timeoutSeconds: 10 });
    await expect.poll(() => h.staff.gate.armed).toBe(true);
    h.ctx.devices.simulators.idcard!.placeCard(base);
    expect(await second).toMatchObject({ ok: false, reason: 'unknown-card', lockout: { failures: 1, attemptsLeft: 4 } });
    expect(h.events.filter((e) => e.name === 'idcard.presented')).toHaveLength(0);
    expect(h.staff.audit.last()!.entry).toMatchObject({ staffId: '-', action: 'staff-sign-in', outcome: 'refused', detail: { method: 'card', reason: 'unknown-card', failures: 1 } });
    const written2 = JSON.stringify(h.staff.audit.all()) + h.logLines.join('\n');
    expect(written2).not.toContain(base.card.idNumber);
    expect(written2).not.toContain(base.card.name);
  });

  it('counts unknown cards and wrong PINs together: the fifth locks staff entry, is reported, and the right card is refused meanwhile', async () => {
    const dataDir = tempDir();
    seedEnrollment(dataDir);
    const clock = fakeClock();
    const h = await host({ dataDir, staffOptions: { now: clock.now } });
    await h.ctx.devices.started();
    const { DEMO_CARDS } = await import('../../../drivers/idcard/demo-cards');
    const reader = h.ctx.devices.simulators.idcard!;
    const present = async (card: (typeof DEMO_CARDS)[number]) => {
      const pending = h.client.call('staff.signInWithCard', { timeoutSeconds: 10 });
      await expect.poll(() => h.staff.gate.armed).toBe(true);
      reader.placeCard(card);
      const result = await pending;
      reader.removeCard();
      return result;
    };
    for (let i = 1; i <= 3; i += 1) expect(await h.client.call('staff.signInWithPin', { staffId: 'TH-T01', pin: '731902' })).toMatchObject({ ok: false, reason: 'wrong-credential', lockout: { attemptsLeft: 5 - i } });
    expect(await present(DEMO_CARDS[1]!)).toMatchObject({ ok: false, reason: 'unknown-card', lockout: { failures: 4, attemptsLeft: 1 } });
    expect(await present(DEMO_CARDS[2]!)).toMatchObject({ ok: false, reason: 'locked', lockout: { level: 1, attemptsLeft: 0 } });
    expect(h.events.filter((e) => e.name === 'staff.lockout')).toHaveLength(1);
    expect(h.staff.audit.last()!.entry).toMatchObject({ staffId: '-', action: 'staff-lockout', outcome: 'refused', detail: { level: 1, minutes: 1 } });
    expect(h.logLines.some((l) => l.includes('staff sign-in locked'))).toBe(true);
    // While locked even the technician's own card is refused, before the reader is armed.
    expect(await h.client.call('staff.signInWithCard', { timeoutSeconds: 10 })).toMatchObject({ ok: false, reason: 'locked' });
    clock.advance(60_000);
    const technicianCard = DEMO_CARDS.find((c) => c.card.idNumber === DEMO.technician.idNumber)!;
    expect(await present(technicianCard)).toMatchObject({ ok: true, session: { staffId: 'TH-T01', method: 'card' } });
    expect(h.staff.lockout.snapshot()).toMatchObject({ failures: 0, level: 0 });
    const written = JSON.stringify(h.staff.audit.all()) + h.logLines.join('\n');
    for (const card of [DEMO_CARDS[1]!, DEMO_CARDS[2]!, technicianCard]) {
      expect(written).not.toContain(card.card.idNumber);
      expect(written).not.toContain(card.card.name);
    }
  });
});

describe('the simulated reader offers the demo staff cards', () => {
  it('has a card for every demo staff member with a provisioned card, matching its hash in the demo hall', async () => {
    const { DEMO_CARDS } = await import('../../../drivers/idcard/demo-cards');
    const { DEMO_STAFF, demoIdNumber } = await import('../../../platform/demo/make-staff-hashes');
    const staff = staffListOf(DEMO_HALL);
    for (const member of DEMO_STAFF) {
      const idNumber = demoIdNumber(member);
      if (idNumber === undefined) continue;
      const card = DEMO_CARDS.find((c) => c.card.idNumber === idNumber);
      expect(card?.card.name, member.staffId).toBe(member.name);
      expect(cardHashOf(DEMO_HALL.hallId, card!.card.idNumber)).toBe(staff.find((s) => s.staffId === member.staffId)!.cardHash);
    }
  });
});
