// A page of audit records, newest first: the sequence number, time, who acted, the action, what it
// acted on (an alert a link to it), and the details as `key: value` text.
import { actorName } from './alert-words';
import { alertIdOf, detailsText } from './audit-view';
import { preciseTimeOf } from './format';
import { alertHref } from './navigation';
import type { AuditRecord } from './types';

export function AuditTable({ records }: { records: AuditRecord[] }) {
  return (
    <table className="records audit">
      <caption className="visually-hidden">Audit records</caption>
      <thead>
        <tr>
          <th scope="col" className="number">
            Seq
          </th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Subject</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={record.seq}>
            <td className="number">{record.seq}</td>
            <td className="nowrap">
              <time dateTime={record.at}>{preciseTimeOf(record.at)}</time>
            </td>
            <td>{actorName(record.actor)}</td>
            <td>
              <code>{record.action}</code>
            </td>
            <td>
              <RecordSubject subject={record.subject} />
            </td>
            <td className="details">{detailsText(record.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecordSubject({ subject }: { subject: string }) {
  const alertId = alertIdOf(subject);
  return alertId === undefined ? <>{subject}</> : <a href={alertHref(alertId)}>{subject}</a>;
}
