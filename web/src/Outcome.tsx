// What an action on an alert did: a status line read out politely, or the server's message in an
// alert when it failed. The status line is always there, so that screen readers hear it change.
export interface Outcome {
  text: string;
  failed: boolean;
}

export function OutcomeLine({ outcome }: { outcome: Outcome | undefined }) {
  return (
    <>
      <p role="status" className="outcome">
        {outcome !== undefined && !outcome.failed ? outcome.text : ''}
      </p>
      {outcome?.failed === true && (
        <p role="alert" className="error">
          {outcome.text}
        </p>
      )}
    </>
  );
}
