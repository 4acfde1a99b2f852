/** The technician's screens: diagnostics with export, devices (test, assign, apply), the audit log, re-provisioning. */
import { useCallback, useEffect, useState } from 'react';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import type { MethodResult } from '../../../common/ipc/protocol';
import { DEVICE_ROLES, type DeviceRole } from '../../../common/devices/status';
import type { OutboxItemAction } from '../../../common/ipc/methods/staff';
import { useOutbox } from '../outbox/outbox-context';
import type { AttentionItem, ItemActionResult, OutboxSummary } from '../outbox/intake-outbox';
import { useStaffText } from './messages';
import { ProvisioningPanel } from './ProvisioningPanel';

type Tab = 'diagnostics' | 'devices' | 'audit' | 'provision';
const big = { minHeight: 80, minWidth: 160 } as const;

export function TechnicianPanel({ client, session, staffId }: { client: RpcClient; session: string; staffId: string }) {
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
      {tab === 'diagnostics' ? <Diagnostics client={client} session={session} staffId={staffId} onNote={setNote} onError={fail} /> : null}
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
            else client.call('staff.diagnostics.export', { session, targetId: target.id }).then(done, onError);
          }}
        >
          {t('tech.export', { target: target.label })}
        </button>
      ))}
    </div>
  );
}

function Diagnostics(props: PanelProps & { staffId: string }) {
  const t = useStaffText();
  const { client, session, onError } = props;
  const [d, setD] = useState<MethodResult<'staff.diagnostics'> | null>(null);
  const load = () => void client.call('staff.diagnostics', { session }, 20_000).then(setD, onError);
  useEffect(load, [client, session]);
  if (!d) return null;
  return (
    <div data-testid="tech-diagnostics">
      <button type="button" className="button" style={big} onClick={load}>
        {t('tech.refresh')}
      </button>
      <ul>
        <li>{d.outbox.source === 'unknown' ? t('tech.outbox.unknown') : t('tech.outbox', { pending: d.outbox.pending ?? '—', attention: d.outbox.needsAttention.length, oldest: d.outbox.oldestPendingAt ?? '—' })}</li>
        <li data-testid="tech-platform">{t('tech.platform', { state: t(d.platform.reachable ? 'tech.platform.online' : 'tech.platform.offline'), offset: d.platform.clockOffsetMs ?? '—' })}</li>
        <li>{t('tech.disk', { free: d.disk.freeBytes === null ? '—' : `${(d.disk.freeBytes / 1024 ** 3).toFixed(1)} GiB` })}</li>
        <li>{t('tech.version', { version: d.appVersion, uptime: d.uptimeSeconds })}</li>
      </ul>
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
 * The outbox's needs-attention and set-aside items (from the page's own outbox), each with Retry and
 * Set aside. The host checks the session and audits the action first; only then does the page change
 * the item (one Dexie transaction). Nothing is ever deleted from here.
 */
function AttentionItems({ client, session, staffId, onNote, onError }: PanelProps & { staffId: string }) {
  const t = useStaffText();
  const outbox = useOutbox();
  const [items, setItems] = useState<AttentionItem[] | null>(null);
  const [summary, setSummary] = useState<OutboxSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(() => {
    outbox.attentionItems().then(setItems, onError);
    outbox.summary().then(setSummary, onError);
  }, [outbox]);
  useEffect(() => {
    load();
    return outbox.onChange(load);
  }, [outbox, load]);
  if (!items) return null;

  const act = async (item: AttentionItem, action: OutboxItemAction) => {
    const reference = item.localReference ?? item.id.slice(-8);
    setBusy(item.id);
    try {
      const allowed = await client.call('staff.outbox.itemAction', { session, itemId: item.id, action });
      if (!allowed.ok) return onNote(t('tech.items.refused', { message: allowed.message }));
      let result: ItemActionResult | 'storage-error';
      try {
        result = action === 'retry' ? await outbox.retryItem(item.id) : await outbox.setAsideItem(item.id, t('tech.items.setAsideNote', { staffId }));
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
      <button type="button" className="button button--primary" data-testid={`tech-item-${item.id}-retry`} style={big} disabled={busy !== null} onClick={() => void act(item, 'retry')}>
        {t('tech.items.retry')}
      </button>
      {item.state === 'needs-attention' ? (
        <button type="button" className="button" data-testid={`tech-item-${item.id}-set-aside`} style={big} disabled={busy !== null} onClick={() => void act(item, 'set-aside')}>
          {t('tech.items.setAside')}
        </button>
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
