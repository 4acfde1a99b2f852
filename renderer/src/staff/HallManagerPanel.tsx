/** The hall manager's screen: the queue at a glance, priority tickets on a citizen's behalf, reprints, pausing a category. */
import { useEffect, useState } from 'react';
import type { RpcClient } from '../../../common/ipc/rpc-client';
import type { MethodResult } from '../../../common/ipc/protocol';
import { pauseReasons } from '../../../common/ipc/methods/staff';
import { useStaffText, type StaffMessageKey } from './messages';
import { useOutbox } from '../outbox/outbox-context';

const PRIORITIES = ['elderly', 'disabled', 'pregnant', 'green-channel', 'normal'] as const;
const big = { minHeight: 80, minWidth: 140 } as const;

export function HallManagerPanel({ client, session }: { client: RpcClient; session: string }) {
  const outbox = useOutbox();
  const t = useStaffText();
  const [summary, setSummary] = useState<MethodResult<'staff.queue.summary'> | null>(null);
  const [held, setHeld] = useState<MethodResult<'staff.queue.heldTickets'>>([]);
  const [note, setNote] = useState<string | null>(null);
  const [reason, setReason] = useState<(typeof pauseReasons)[number]>('staff-shortage');
  const fail = (error: Error) => setNote(t('common.error', { message: error.message }));
  // Requests for the figures still on their way (the screen marks itself as refreshing meanwhile).
  const [loading, setLoading] = useState(0);
  const load = () => {
    setLoading((n) => n + 1);
    void Promise.all([client.call('staff.queue.summary', { session }).then(setSummary, fail), client.call('staff.queue.heldTickets', { session }).then(setHeld, fail)]).finally(() => setLoading((n) => n - 1));
  };
  useEffect(load, [client, session]);

  const issue = (category: string, priority: (typeof PRIORITIES)[number]) =>
    client.call('staff.queue.issueTicket', { session, category, priority }, 30_000).then(async (r) => {
      // Registered with the platform through the outbox, like every ticket this terminal issues.
      await outbox.enqueueTicket({ ticketId: r.ticket.ticketId, hallId: r.ticket.hallId, body: r.ticket.body });
      const ahead = r.peopleAhead === null ? t('mgr.aheadUnknown') : t('mgr.ahead', { count: r.peopleAhead });
      setNote(`${r.print.printed ? t('mgr.issued', { display: r.ticket.display }) : t('mgr.notPrinted', { display: r.ticket.display, message: r.print.message })} · ${ahead}`);
      load();
    }, fail);

  return (
    <section data-testid="staff-hall-manager">
      <h2>
        {t('mgr.queue')} <small data-testid="mgr-live" data-live={summary?.live} data-loading={loading > 0}>{summary ? t(summary.live ? 'mgr.live' : 'mgr.offline') : ''}</small>
      </h2>
      <button type="button" className="button" data-testid="mgr-refresh" style={big} onClick={load}>
        {t('mgr.refresh')}
      </button>
      {note ? <p role="status" data-testid="mgr-note">{note}</p> : null}
      <label>
        <select value={reason} onChange={(e) => setReason(e.target.value as (typeof pauseReasons)[number])} data-testid="mgr-pause-reason" style={{ minHeight: 64, fontSize: 20 }}>
          {pauseReasons.map((r) => (
            <option key={r} value={r}>
              {t(`mgr.reason.${r}` as StaffMessageKey)}
            </option>
          ))}
        </select>
      </label>
      <table>
        <tbody>
          {summary?.categories.map((c) => (
            <tr key={c.code} data-testid={`mgr-category-${c.code}`}>
              <th>
                {c.prefix} {c.name}
              </th>
              <td data-testid={`mgr-waiting-${c.code}`}>{c.waiting !== undefined ? t('mgr.waiting', { count: c.waiting }) : '—'}</td>
              <td>{c.nowServing ?? ''}</td>
              <td>{c.paused ? t('mgr.paused', { reason: t(`mgr.reason.${c.paused.reason}` as StaffMessageKey) }) : ''}</td>
              <td>
                {c.paused ? (
                  <button type="button" className="button" data-testid={`mgr-resume-${c.code}`} style={big} onClick={() => void client.call('staff.queue.resume', { session, category: c.code }).then(load, fail)}>
                    {t('mgr.resume')}
                  </button>
                ) : (
                  <button type="button" className="button" data-testid={`mgr-pause-${c.code}`} style={big} onClick={() => void client.call('staff.queue.pause', { session, category: c.code, reason }).then(load, fail)}>
                    {t('mgr.pause')}
                  </button>
                )}
              </td>
              <td style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                {PRIORITIES.map((p) => (
                  <button key={p} type="button" className="button" data-testid={`mgr-issue-${c.code}-${p}`} style={big} disabled={Boolean(c.paused)} onClick={() => void issue(c.code, p)}>
                    {t('mgr.issue')} · {t(`mgr.priority.${p}` as StaffMessageKey)}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {held.length > 0 ? (
        <>
          <h3>{t('mgr.held')}</h3>
          <ul data-testid="mgr-held">
            {held.map((job) => (
              <li key={job.id}>
                {job.display ?? job.id} · {job.reason}{' '}
                <button
                  type="button"
                  className="button"
                  data-testid={`mgr-reprint-${job.id}`}
                  style={big}
                  onClick={() => void client.call('staff.queue.reprint', { session, heldId: job.id }).then((r) => (r.printed ? load() : setNote(r.message ?? r.reason ?? '')), fail)}
                >
                  {t('mgr.reprint')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
