// The Batch jobs page: submit a CSV or JSON lines file to be screened in the background, or open an
// earlier job by id; the jobs of this session below, newest first, each with its live progress and,
// once done, its results to download.
import { useId } from 'react';
import { JobCard } from './JobCard';
import { JobUpload } from './JobUpload';
import { useDocumentTitle } from './navigation';
import { OpenJob } from './OpenJob';
import type { SessionJobs } from './batch-jobs';

export function JobsPage({ jobs, remember }: SessionJobs) {
  useDocumentTitle('Batch jobs');
  const listTitle = useId();
  return (
    <>
      <h1>Batch jobs</h1>
      <p className="lead">A whole file of parties is screened in the background; its results come as JSON lines or CSV, one line per row.</p>
      <div className="job-forms">
        <JobUpload onSubmitted={remember} />
        <OpenJob onOpened={remember} />
      </div>
      <section className="job-list" aria-labelledby={listTitle}>
        <h2 id={listTitle}>Jobs of this session</h2>
        {jobs.length === 0 ? (
          <p className="muted">No job yet: submit a file, or open a job by its id.</p>
        ) : (
          <ol>
            {jobs.map((job) => (
              <li key={job.id}>
                <JobCard job={job} onUpdate={remember} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
