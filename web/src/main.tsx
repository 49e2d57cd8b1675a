// Vigil's web UI for compliance analysts: a React single-page app, built by Vite into dist/web and
// served by the Vigil server at `/`. It talks only to that server (same origin): /api/session to
// sign in and out (an httpOnly session cookie plus a CSRF token for unsafe requests), /v1/screen to
// screen a name as it is typed, with each result's explanation drawn (how the names align, what
// raised or lowered the score), /v1/addresses to check a crypto wallet address exactly, and
// /v1/alerts to review and decide alerts (with /v1/subjects and /entities for the two sides), and
// /v1/jobs to screen a whole file in the background, and /v1/audit to read, verify and export the audit trail.
// Pages: Sign in, Screen (#/screen), Alerts (#/alerts), an alert (#/alerts/<id>), Batch jobs (#/jobs), Audit (#/audit).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
