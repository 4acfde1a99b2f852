/** The technician's screens: diagnostics with export, devices (test, assign, apply), the audit log, re-provisioning. */
import { useCallback, useEffect, useState } from 'react';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import type { MethodResult } from '../../../common/ipc/protocol';
import { DEVICE_ROLES, type DeviceRole } from '../../../common/devices/status';
import { SET_ASIDE_REASONS, type SetAsideReason } from '../../../common/ipc/methods/staff';
import { chinaDateTime } from '../../../common/time/china-time';
import { KeyboardField } from '../keyboard';
import { useOutbox } from '../outbox/outbox-context';
import type { AttentionItem, ItemActionResult, OutboxSummary } from '../outbox/intake-outbox';
import { useStaffText } from './messages';
import { pageOutboxFigures } from './outbox-figures';
import { ProvisioningPanel } from './ProvisioningPanel';

type Tab = 'diagnostics' | 'devices' | 'audit' | 'provision';
const big = { minHeight: 80, minWidth: 160 } as const;

export function TechnicianPanel({ client, session }: { client: RpcClient; session: string }) {
  const t = useStaffText();
  const [tab, setTab] = useState<Tab>('diagnostics');
  const [note, setNote] = useState<string | null>(null);
  const fail = (error: Error) => setNote(t('common.error', { message: error.message }));
  return (
    <section data-testid="staff-technician">
      <nav style={{ display: 'flex', gap: 12 }}>
        {(['diagnostics', 'devices', 'audit', 'provision'] as const).map((id) => (
          <button key={id} type="button" className={`button ${tab === id ? 'button--primary' : ''}`} data-testid={`tech-tab-${id}`} style={big} onClick={() => setTab(id)}>
            {t(id === 'diagnostics' ? 'tech.diagnostics' : id === 'devices' ? 'tech.devices' : id === 'audit' ? 'tech.audit' : 'tech.provision')}
          </button>
        ))}
      </nav>
      {note ? <p role="status" data-testid="tech-note">{note}</p> : null}
      {tab === 'diagnostics' ? <Diagnostics client={client} session={session} onNote={setNote} onError={fail} /> : null}
      {tab === 'devices' ? <Devices client={client} session={session} onNote={setNote} onError={fail} /> : null}
      {tab === 'audit' ? <Audit client={client} session={session} onNote={setNote} onError={fail} /> : null}
      {tab === 'provision' ? <ProvisioningPanel client={client} session={session} onDone={() => setTab('diagnostics')} /> : null}
    </section>
  );
}

interface PanelProps {
  client: RpcClient;
  session: string;
  onNote(text: string): void;
  onError(error: Error): void;
}

function ExportButtons({ client, session, what, onNote, onError }: PanelProps & { what: 'audit' | 'diagnostics' }) {
  const t = useStaffText();
  const outbox = useOutbox();
  const [targets, setTargets] = useState<MethodResult<'staff.exportTargets'>>([]);
  useEffect(() => {
    client.call('staff.exportTargets', { session }).then(setTargets, onError);
  }, [client, session]);
  return (
    <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
      {targets.map((target) => (
        <button
          key={target.id}
          type="button"
          className="button"
          data-testid={`export-${what}-${target.removable ? 'media' : 'local'}`}
          style={big}
          onClick={() => {
            const done = (r: { path: string }) => onNote(t('tech.exported', { path: r.path }));
            if (what === 'audit') client.call('staff.audit.export', { session, targetId: target.id }).then(done, onError);
            else void pageOutboxFigures(outbox).then((figures) => client.call('staff.diagnostics.export', { session, targetId: target.id, ...(figures ? { outbox: figures } : {}) }).then(done, onError));
          }}
        >
          {t('tech.export', { target: target.removable ? t('tech.export.media', { name: target.path.split('/').pop() ?? target.path }) : t('tech.export.local') })}
        </button>
      ))}
    </div>
  );
}

function Diagnostics(props: PanelProps) {
  const t = useStaffText();
  const { client, session, onError } = props;
  const outbox = useOutbox();
  const [d, setD] = useState<MethodResult<'staff.diagnostics'> | null>(null);
  const load = () =>
    void pageOutboxFigures(outbox)
      .then((figures) => client.call('staff.diagnostics', { session, ...(figures ? { outbox: figures } : {}) }, 20_000))
      .then(setD, onError);
  useEffect(load, [client, session]);
  if (!d) return null;
  return (
    <div data-testid="tech-diagnostics">
      <button type="button" className="button" style={big} onClick={load}>
        {t('tech.refresh')}
      </button>
      <ul>
        {/* The counts are in the live line of the items below; here what the host adds: the last delivery and whether delivery is paused. */}
        <li data-testid="tech-outbox">
          {d.outbox.source === 'unknown'
            ? t('tech.outbox.unknown')
            : d.outbox.lastDeliveredAgeSeconds === null
              ? t('tech.outbox.neverDelivered')
              : t('tech.outbox.lastDelivered', { age: formatAge(t, d.outbox.lastDeliveredAgeSeconds * 1000) })}
          {d.outbox.deliveryPaused ? ` · ${t(d.outbox.deliveryPaused === 'unauthorized' ? 'tech.outbox.paused.unauthorized' : 'tech.outbox.paused.notEnrolled')}` : ''}
        </li>
        <li data-testid="tech-platform">{t('tech.platform', { state: t(d.platform.reachable ? 'tech.platform.online' : 'tech.platform.offline'), offset: d.platform.clockOffsetMs ?? '—' })}</li>
        <li>{t('tech.disk', { free: d.disk.freeBytes === null ? '—' : `${(d.disk.freeBytes / 1024 ** 3).toFixed(1)} GiB` })}</li>
        <li>{t('tech.version', { version: d.appVersion, uptime: d.uptimeSeconds })}</li>
      </ul>
      <LostItems {...props} />
      <AttentionItems {...props} />
      <h3>{t('tech.faults')}</h3>
      <ul data-testid="tech-faults">
        {d.recentFaults.map((f, i) => (
          <li key={i}>
            {f.at} {f.role} {f.code} ({f.actor})
          </li>
        ))}
      </ul>
      <ExportButtons {...props} what="diagnostics" />
    </div>
  );
}

/**
 * Items this terminal accepted that the browser storage lost before delivery (from the host's
 * journal): each with the local reference printed on the citizen's receipt, so the hall can contact
 * them. New intake stays refused until a technician acknowledges the list (audited by the host).
 */
function LostItems({ client, session, onNote, onError }: PanelProps) {
  const t = useStaffText();
  const [items, setItems] = useState<MethodResult<'staff.outbox.lostItems'> | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    client.call('staff.outbox.lostItems', { session }).then(setItems, onError);
  }, [client, session]);
  useEffect(load, [load]);
  if (!items || items.length === 0) return null;
  const acknowledge = () => {
    setBusy(true);
    client
      .call('staff.outbox.acknowledgeLost', { session })
      .then((r) => onNote(t('tech.lost.acknowledged', { count: r.acknowledged })), onError)
      .finally(() => {
        setBusy(false);
        load();
      });
  };
  return (
    <div data-testid="tech-lost" role="alert">
      <h3>{t('tech.lost.title', { count: items.length })}</h3>
      <p>{t('tech.lost.explain')}</p>
      <ul data-testid="tech-lost-items">
        {items.map((item) => (
          <li key={item.itemId}>{t('tech.lost.row', { kind: t(`tech.items.kind.${item.kind}`), reference: item.localReference ?? '—', at: chinaDateTime(item.sealedAt) })}</li>
        ))}
      </ul>
      <button type="button" className="button button--primary" data-testid="tech-lost-acknowledge" style={big} disabled={busy} onClick={acknowledge}>
        {t('tech.lost.acknowledge')}
      </button>
    </div>
  );
}

/**
 * The outbox's needs-attention and set-aside items (from the page's own outbox), each with Retry and
 * Set aside. The host checks the session and audits the action first; only then does the page change
 * the item (one Dexie transaction). Nothing is ever deleted from here.
 */
function AttentionItems({ client, session, onNote, onError }: PanelProps) {
  const t = useStaffText();
  const outbox = useOutbox();
  const [items, setItems] = useState<AttentionItem[] | null>(null);
  const [summary, setSummary] = useState<OutboxSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [settingAside, setSettingAside] = useState<string | null>(null);
  const load = useCallback(() => {
    outbox.attentionItems().then(setItems, onError);
    outbox.summary().then(setSummary, onError);
  }, [outbox]);
  useEffect(() => {
    load();
    return outbox.onChange(load);
  }, [outbox, load]);
  if (!items) return null;

  const act = async (item: AttentionItem, request: { action: 'retry' } | { action: 'set-aside'; reason: SetAsideReason; note: string }) => {
    const { action } = request;
    const reference = item.localReference ?? item.id.slice(-8);
    setBusy(item.id);
    try {
      // The host audits the chosen reason; the note (the technician's own words) stays on the item in the page.
      const allowed = await client.call('staff.outbox.itemAction', request.action === 'retry' ? { session, itemId: item.id, action: 'retry' } : { session, itemId: item.id, action: 'set-aside', setAsideReason: request.reason });
      if (!allowed.ok) return onNote(t('tech.items.refused', { message: allowed.message }));
      let result: ItemActionResult | 'storage-error';
      try {
        result = request.action === 'retry' ? await outbox.retryItem(item.id) : await outbox.setAsideItem(item.id, request.note);
      } catch {
        result = 'storage-error';
      }
      if (result !== 'done') {
        // Audited by the host before the change; record that the change did not happen.
        await client.call('staff.outbox.itemActionFailed', { session, itemId: item.id, action, problem: result });
        return onNote(t('tech.items.failed'));
      }
      onNote(t(action === 'retry' ? 'tech.items.retried' : 'tech.items.setAsideDone', { reference }));
    } catch (error) {
      onError(error as Error);
    } finally {
      setBusy(null);
      setSettingAside(null);
      load();
    }
  };

  const row = (item: AttentionItem) => (
    <li key={item.id} data-testid={`tech-item-${item.id}`} data-state={item.state} style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
      <span>
        {t('tech.items.row', {
          kind: t(`tech.items.kind.${item.kind}`),
          reference: item.localReference ?? '—',
          reason: item.problem ? `${item.problem.status} ${item.problem.code} — ${item.problem.title}` : '—',
          age: formatAge(t, Date.now() - Date.parse(item.createdAt)),
        })}
        {item.setAside ? ` · ${item.setAside.note}` : ''}
      </span>
      <button type="button" className="button button--primary" data-testid={`tech-item-${item.id}-retry`} style={big} disabled={busy !== null} onClick={() => void act(item, { action: 'retry' })}>
        {t('tech.items.retry')}
      </button>
      {item.state === 'needs-attention' && settingAside !== item.id ? (
        <button type="button" className="button" data-testid={`tech-item-${item.id}-set-aside`} style={big} disabled={busy !== null} onClick={() => setSettingAside(item.id)}>
          {t('tech.items.setAside')}
        </button>
      ) : null}
      {item.state === 'needs-attention' && settingAside === item.id ? (
        <SetAsideForm busy={busy !== null} onCancel={() => setSettingAside(null)} onConfirm={(reason, note) => void act(item, { action: 'set-aside', reason, note })} />
      ) : null}
    </li>
  );
  const attention = items.filter((i) => i.state === 'needs-attention');
  const setAside = items.filter((i) => i.state === 'set-aside');
  return (
    <div data-testid="tech-items">
      {summary ? (
        <p data-testid="tech-outbox-local">
          {t('tech.outbox', { pending: summary.pending, attention: summary.needsAttention, oldest: summary.oldestPendingAt ? formatAge(t, Date.now() - Date.parse(summary.oldestPendingAt)) : '—' })} ·{' '}
          {t('tech.outbox.setAside', { count: summary.setAside })}
        </p>
      ) : null}
      <h3>{t('tech.items.title')}</h3>
      {attention.length === 0 ? <p data-testid="tech-items-none">{t('tech.items.none')}</p> : <ul data-testid="tech-items-attention">{attention.map(row)}</ul>}
      {setAside.length > 0 ? (
        <>
          <h3>{t('tech.items.setAsideTitle')}</h3>
          <ul data-testid="tech-items-set-aside">{setAside.map(row)}</ul>
        </>
      ) : null}
    </div>
  );
}

/**
 * Why the item is set aside: one of a few reasons, and optionally the technician's own words typed
 * on the on-screen keyboard ("other" needs them). The note kept on the item is exactly that: the
 * chosen reason and the words, nothing added.
 */
function SetAsideForm({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm(reason: SetAsideReason, note: string): void; onCancel(): void }) {
  const t = useStaffText();
  const [reason, setReason] = useState<SetAsideReason | null>(null);
  const [words, setWords] = useState('');
  const text = words.trim();
  const ready = reason !== null && (reason !== 'other' || text.length > 0);
  return (
    <div data-testid="tech-set-aside-form" role="group" aria-label={t('tech.items.setAside.why')} style={{ flexBasis: '100%', display: 'flex', flexDirection: 'column', gap: 12 }}>
      <p>{t('tech.items.setAside.why')}</p>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {SET_ASIDE_REASONS.map((r) => (
          <button key={r} type="button" className={`button ${reason === r ? 'button--primary' : ''}`} aria-pressed={reason === r} data-testid={`tech-set-aside-reason-${r}`} style={big} onClick={() => setReason(r)}>
            {t(`tech.items.setAside.reason.${r}`)}
          </button>
        ))}
      </div>
      <KeyboardField label={t(reason === 'other' ? 'tech.items.setAside.words' : 'tech.items.setAside.wordsOptional')} value={words} onChange={setWords} mode="pinyin" modes={['pinyin', 'letters', 'digits']} maxLength={SET_ASIDE_WORDS_MAX} testId="tech-set-aside-words" />
      <div style={{ display: 'flex', gap: 12 }}>
        <button type="button" className="button" data-testid="tech-set-aside-cancel" style={big} onClick={onCancel}>
          {t('tech.items.setAside.cancel')}
        </button>
        <button type="button" className="button button--primary" data-testid="tech-set-aside-confirm" style={big} disabled={!ready || busy} onClick={() => reason && onConfirm(reason, text ? t('tech.items.setAside.note', { reason: t(`tech.items.setAside.reason.${reason}`), words: text }) : t(`tech.items.setAside.reason.${reason}`))}>
          {t('tech.items.setAside.confirm')}
        </button>
      </div>
    </div>
  );
}

/** The page keeps at most 200 characters of a note (the reason's label and these words). */
const SET_ASIDE_WORDS_MAX = 100;

function formatAge(t: ReturnType<typeof useStaffText>, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('tech.items.age.minutes', { minutes });
  return t('tech.items.age.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

function Devices({ client, session, onNote, onError }: PanelProps) {
  const t = useStaffText();
  const [list, setList] = useState<MethodResult<'staff.devices.list'> | null>(null);
  const [draft, setDraft] = useState<Partial<Record<DeviceRole, string>>>({});
  const [results, setResults] = useState<Partial<Record<DeviceRole, string>>>({});
  useEffect(() => {
    client.call('staff.devices.list', { session }).then(setList, onError);
  }, [client, session]);
  if (!list) return null;
  const test = (role: DeviceRole) => {
    const kind = role === 'idcard-reader' ? 'read-card' : role === 'qr-scanner' ? 'scan' : 'print-test-page';
    client.call('staff.devices.test', { session, role, test: kind, timeoutSeconds: 20 }, 30_000).then(
      (r) => setResults((prev) => ({ ...prev, [role]: `${r.message}${r.shown ? ` ${Object.entries(r.shown).map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}` })),
      onError,
    );
  };
  const save = (restart: boolean) =>
    client.call('staff.devices.save', { session, assignments: draft }).then((r) => {
      if (!r.ok) return onNote(t('tech.devices.problems', { problems: r.problems.join('; ') }));
      onNote(t('tech.devices.saved'));
      if (restart) void client.call('staff.devices.applyRestart', { session });
    }, onError);
  return (
    <div data-testid="tech-devices">
      <table>
        <tbody>
          {DEVICE_ROLES.map((role) => (
            <tr key={role} data-testid={`tech-device-${role}`}>
              <th>{role}</th>
              <td>{list.statuses.find((s) => s.role === role)?.state ?? '—'}</td>
              <td>
                <select data-testid={`tech-assign-${role}`} value={draft[role] ?? list.assigned[role] ?? ''} onChange={(e) => setDraft((d) => ({ ...d, [role]: e.target.value }))} style={{ minHeight: 64, fontSize: 20 }}>
                  <option value={list.assigned[role] ?? ''}>{list.assigned[role]}</option>
                  {list.attached.map((a) => (
                    <option key={a.connection} value={a.connection}>
                      {a.label} {a.guessedRole === role ? '★' : ''}
                    </option>
                  ))}
                  <option value="simulator">simulator</option>
                  <option value="none">none</option>
                </select>
              </td>
              <td>
                <button type="button" className="button" data-testid={`tech-test-${role}`} style={big} onClick={() => test(role)}>
                  {t('tech.devices.test')}
                </button>
              </td>
              <td data-testid={`tech-test-result-${role}`}>{results[role] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.warnings.map((w) => (
        <p key={w}>{w}</p>
      ))}
      <div style={{ display: 'flex', gap: 12 }}>
        <button type="button" className="button" data-testid="tech-devices-save" style={big} onClick={() => void save(false)}>
          {t('tech.devices.save')}
        </button>
        <button type="button" className="button button--primary" data-testid="tech-devices-apply" style={big} onClick={() => void save(true)}>
          {t('tech.devices.apply')}
        </button>
      </div>
    </div>
  );
}

function Audit(props: PanelProps) {
  const t = useStaffText();
  const { client, session, onNote, onError } = props;
  const [entries, setEntries] = useState<MethodResult<'staff.audit.recent'>>([]);
  useEffect(() => {
    client.call('staff.audit.recent', { session, limit: 50 }).then(setEntries, onError);
  }, [client, session]);
  return (
    <div data-testid="tech-audit">
      <button
        type="button"
        className="button"
        data-testid="tech-audit-verify"
        style={big}
        onClick={() =>
          client.call('staff.audit.verify', { session }).then((r) => onNote(r.ok ? t('tech.audit.ok', { entries: r.entries }) : t('tech.audit.broken', { seq: r.brokenAtSeq, problem: r.problem })), onError)
        }
      >
        {t('tech.audit.verify')}
      </button>
      <ExportButtons {...props} what="audit" />
      <ol>
        {entries.map((e) => (
          <li key={e.seq}>
            #{e.seq} {e.at} {e.staffId} {e.action} {e.outcome}
          </li>
        ))}
      </ol>
    </div>
  );
}
