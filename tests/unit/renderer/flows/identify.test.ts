import { describe, expect, it } from 'vitest';
import { run, defineMachine } from '../../../../renderer/src/flows/machine';
import { identifyTransition, initialIdentify, applicantPayload, type IdentifyEvent, type IdentifyMachineState } from '../../../../renderer/src/flows/identify';
import { CARD } from './fixtures';

const machine = (kinds: ('person' | 'organization')[]) => defineMachine<IdentifyMachineState, IdentifyEvent>({ name: 'identify', initial: initialIdentify(kinds), transition: identifyTransition });
const AGREE: IdentifyEvent = { type: 'AGREE', at: '2025-01-01T00:00:00Z' };

describe('identify', () => {
  it('keeps nothing before the privacy notice is agreed to', () => {
    const m = machine(['person']);
    const s = m.transition(m.initial, { type: 'CARD', card: CARD });
    expect(s).toBe(m.initial);
    expect(run(m, [{ type: 'DECLINE' }]).at.step).toBe('declined');
  });

  it('reads the card, confirms, and is done', () => {
    const m = machine(['person']);
    const s = run(m, [AGREE, { type: 'CARD', card: CARD }]);
    expect(s.at).toMatchObject({ step: 'confirm-person', reveal: false });
    const done = run(m, [{ type: 'CONFIRM_PERSON' }], s);
    expect(done.at).toMatchObject({ step: 'done', consentAt: '2025-01-01T00:00:00Z', applicant: { kind: 'person', name: '林嘉怡', source: 'card-reader', idType: 'resident-id' } });
  });

  it('verifies a typed number by its check digit and shows it in full to check', () => {
    const m = machine(['person']);
    const typing = run(m, [AGREE, { type: 'TYPE_INSTEAD' }, { type: 'ID_DRAFT', value: '440106199203071280' }, { type: 'NAME_DRAFT', value: '林嘉怡' }, { type: 'SUBMIT_PERSON' }]);
    expect(typing.at).toMatchObject({ step: 'person', problem: 'check-digit' });
    const fixed = run(m, [{ type: 'ID_DRAFT', value: CARD.idNumber }, { type: 'SUBMIT_PERSON' }], typing);
    expect(fixed.at).toMatchObject({ step: 'confirm-person', reveal: true, person: { source: 'manual', birthDate: '1992-03-07', sex: 'female' } });
    const noName = run(m, [AGREE, { type: 'TYPE_INSTEAD' }, { type: 'ID_DRAFT', value: CARD.idNumber }, { type: 'SUBMIT_PERSON' }]);
    expect(noName.at).toMatchObject({ problem: 'name' });
  });

  it('asks which kind when the item takes both, then the organisation after the agent', () => {
    const m = machine(['person', 'organization']);
    const s = run(m, [AGREE]);
    expect(s.at.step).toBe('choose-kind');
    const org = run(m, [{ type: 'CHOOSE_KIND', kind: 'organization' }, { type: 'CARD', card: CARD }, { type: 'CONFIRM_PERSON' }], s);
    expect(org.at.step).toBe('organization');
    const malformed = run(m, [{ type: 'USCC_DRAFT', value: '91440106MA5H7K3Q6' }, { type: 'ORG_NAME', value: '广州天润示范商贸有限公司' }, { type: 'SUBMIT_ORGANIZATION' }], org);
    expect(malformed.at).toMatchObject({ problem: 'length' });
    const done = run(m, [{ type: 'USCC_SCANNED', uscc: '91440106MA5H7K3Q6L' }, { type: 'SUBMIT_ORGANIZATION' }], malformed);
    expect(done.at).toMatchObject({ step: 'done', applicant: { kind: 'organization', uscc: '91440106MA5H7K3Q6L', usccWarning: false } });
    if (done.at.step !== 'done') throw new Error('not done');
    expect(applicantPayload(done.at.applicant)).toMatchObject({ kind: 'organization', agent: { kind: 'person', idNumber: CARD.idNumber } });
  });

  it('warns but accepts a legacy code whose check character does not match', () => {
    const m = machine(['organization']);
    const org = run(m, [AGREE, { type: 'CARD', card: CARD }, { type: 'CONFIRM_PERSON' }, { type: 'USCC_DRAFT', value: '91350203M0001QAY9B' }, { type: 'ORG_NAME', value: '厦门某公司' }, { type: 'SUBMIT_ORGANIZATION' }]);
    expect(org.at).toMatchObject({ step: 'organization', warning: expect.any(String) });
    const accepted = run(m, [{ type: 'ACCEPT_WARNING' }], org);
    expect(accepted.at).toMatchObject({ step: 'done', applicant: { usccWarning: true } });
  });
});
