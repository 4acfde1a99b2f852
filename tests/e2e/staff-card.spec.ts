/**
 * Staff sign-in with a staff card, end to end in the browser shell: the staff door arms the ID-card
 * reader, a card is placed through the simulator panel, and the host matches it against the staff
 * list provisioned to the terminal (card hashes in platform/demo/hall.json). A card that is not a
 * staff card of this hall — a citizen's — is refused with a clear message and counted like a wrong
 * PIN towards the lockout; nothing of it is shown, logged or audited.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards';
import { kioskForFile } from './support/kiosk';
import { CARD, openStage } from './support/citizen';
import { enterPin, openStaffDoor, presentCardAtStaffDoor, staffCardIndex } from './support/staff';

const kiosk = kioskForFile();

const citizens = [DEMO_CARDS[CARD.linJiayi]!.card, DEMO_CARDS[CARD.huangWeiqiang]!.card];
const TECHNICIAN = staffCardIndex('TH-T01');
const MANAGER = staffCardIndex('TH-M01');

async function openKiosk(browser: Parameters<typeof openStage>[0]) {
  const stage = await openStage(browser, kiosk.current);
  await stage.page.clock.install();
  await stage.page.reload();
  await expect(stage.page.getByTestId('home-screen')).toBeVisible();
  return stage;
}

interface AuditLine {
  entry: { staffId: string; action: string; outcome: string; detail?: Record<string, unknown> };
}
/** The staff audit log on the terminal's disk, entries of one action (or all). */
const auditEntries = (action?: string): AuditLine['entry'][] =>
  readFileSync(join(kiosk.current.dataDir, 'host', 'staff', 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as AuditLine).entry)
    .filter((e) => action === undefined || e.action === action);

/**
 * Nothing of a citizen's card (holder, number) and no staff card's number, in clear, on the screen,
 * in the kiosk's output (host, shell and platform logs) or in the audit log. (Staff names are on the
 * staff door's own list.)
 */
async function expectNothingOfTheCards(page: Page, citizenCards: { name: string; idNumber: string }[], staffCards: { idNumber: string }[] = []) {
  const screen = await page.locator('body').innerText();
  const output = kiosk.current.output.join('\n');
  const audit = readFileSync(join(kiosk.current.dataDir, 'host', 'staff', 'audit.jsonl'), 'utf8');
  for (const [where, text] of [['screen', screen], ['output', output], ['audit log', audit]] as const) {
    for (const card of [...citizenCards, ...staffCards]) expect(text, `${where} shows a card's number`).not.toContain(card.idNumber);
    for (const card of citizenCards) expect(text, `${where} shows a citizen's name`).not.toContain(card.name);
  }
}

test('a staff card signs its holder in with their roles; a citizen\'s card is refused, counted, and appears nowhere', async ({ browser }) => {
  const { page, panel } = await openKiosk(browser);
  await openStaffDoor(page);

  // A citizen's card at the staff door: refused with a clear message, counted like a wrong PIN.
  await presentCardAtStaffDoor(page, panel, CARD.linJiayi);
  await expect(page.getByTestId('staff-message')).toHaveText('这张卡不是本大厅工作人员的证件，未能登录。还可尝试 4 次');
  await expect(page.getByTestId('staff-signed-in')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/staff-card-refused.png' });
  await expectNothingOfTheCards(page, [citizens[0]!]);
  expect(auditEntries('staff-sign-in').at(-1)).toMatchObject({ staffId: '-', action: 'staff-sign-in', outcome: 'refused', detail: { method: 'card', reason: 'unknown-card', failures: 1 } });

  // The technician's card: signed in as the technician, with the technician's screens only.
  await presentCardAtStaffDoor(page, panel, TECHNICIAN);
  await expect(page.getByTestId('staff-signed-in')).toHaveAttribute('data-staff-id', 'TH-T01');
  await expect(page.getByTestId('staff-technician')).toBeVisible();
  await expect(page.getByTestId('staff-hall-manager')).toHaveCount(0);
  await expect(page.getByTestId('staff-start-assisted')).toHaveCount(0);
  expect(auditEntries('staff-sign-in').at(-1)).toMatchObject({ staffId: 'TH-T01', action: 'staff-sign-in', outcome: 'ok', detail: { method: 'card', roles: ['technician'] } });
  await page.getByTestId('staff-exit').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();

  // The hall manager's card: hall manager and assistant.
  await openStaffDoor(page);
  await presentCardAtStaffDoor(page, panel, MANAGER);
  await expect(page.getByTestId('staff-signed-in')).toHaveAttribute('data-staff-id', 'TH-M01');
  await expect(page.getByTestId('staff-hall-manager')).toBeVisible();
  await expect(page.getByTestId('staff-start-assisted')).toBeVisible();
  await expect(page.getByTestId('staff-technician')).toHaveCount(0);
  await page.getByTestId('staff-exit').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();

  await expectNothingOfTheCards(page, [citizens[0]!], [DEMO_CARDS[TECHNICIAN]!.card, DEMO_CARDS[MANAGER]!.card]);
});

test('unknown cards and wrong PINs count together: the fifth locks staff entry, reported, and a staff card is then refused', async ({ browser }) => {
  const { page, panel } = await openKiosk(browser);
  await openStaffDoor(page);
  await page.getByTestId('staff-choose-TH-A01').click();
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await enterPin(page, '000000');
    await expect(page.getByTestId('staff-message')).toHaveText(`密码错误，还可尝试 ${5 - attempt} 次`);
  }
  await page.getByTestId('staff-pin-cancel').click();

  await presentCardAtStaffDoor(page, panel, CARD.huangWeiqiang);
  await expect(page.getByTestId('staff-message')).toHaveText('这张卡不是本大厅工作人员的证件，未能登录。还可尝试 1 次');
  await presentCardAtStaffDoor(page, panel, CARD.linJiayi);
  await expect(page.getByTestId('staff-message')).toContainText('错误次数过多，工作人员登录已锁定至');
  // Reported: in the host's log and the audit log.
  await kiosk.current.waitForLine(/staff sign-in locked after repeated wrong credentials/);
  expect(auditEntries('staff-lockout')).toMatchObject([{ outcome: 'refused', detail: { level: 1, minutes: 1 } }]);

  // Locked: the technician's own card is refused without the reader even being armed.
  await page.getByTestId('staff-card-sign-in').click();
  await expect(page.getByTestId('staff-message')).toContainText('已锁定至');
  await expect(page.getByTestId('staff-signed-in')).toHaveCount(0);
  expect(auditEntries('staff-sign-in').at(-1)).toMatchObject({ outcome: 'refused', detail: { method: 'card', reason: 'locked' } });
  await page.screenshot({ path: 'test-results/screenshots/staff-card-locked.png' });

  await expectNothingOfTheCards(page, citizens);
});
