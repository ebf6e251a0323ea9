// Source-shaped data sets, written from the fields each API documents, covering every mapping
// rule. Each builder returns the endpoint objects; `writeFolder` lays them out as the importer reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Folder = Record<string, unknown[]>;

/** Writes each endpoint as a JSON array, or NDJSON for the names in `ndjson`. */
export function writeFolder(folder: Folder, ndjson: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
  for (const [name, items] of Object.entries(folder)) {
    if (ndjson.includes(name)) writeFileSync(join(dir, `${name}.ndjson`), items.map((i) => JSON.stringify(i)).join('\n') + '\n');
    else writeFileSync(join(dir, `${name}.json`), JSON.stringify(items, null, 1));
  }
  return dir;
}

const ghPerson = (id: number, first: string, last: string) => ({ id, first_name: first, last_name: last, name: `${first} ${last}`, employee_id: null });

/**
 * Greenhouse Harvest v1. Applications: 501 (candidate 301, job 10), 502 (candidate 302, job 10),
 * 503 (no job: skipped). Scorecards: 1001 and 1002 on 501, 1003 on 502, 1004 a draft, 1005 for an
 * unknown application, 1006 with a rating Greenhouse does not have.
 */
export function greenhouseV1(matchedEmail: string): Folder {
  const step = { id: 77, name: 'Technical interview' };
  const card = (id: number, applicationId: number, interviewer: ReturnType<typeof ghPerson>, extra: object) => ({
    id,
    created_at: '2024-03-01T10:00:00.000Z',
    updated_at: '2024-03-01T12:00:00.000Z',
    interview: 'Technical interview',
    interview_step: step,
    candidate_id: 300 + (applicationId - 500),
    application_id: applicationId,
    interviewed_at: '2024-03-01T10:00:00.000Z',
    submitted_at: '2024-03-01T12:00:00.000Z',
    submitted_by: interviewer,
    interviewer,
    ...extra,
  });
  const ada = ghPerson(201, 'Ada', 'Matched');
  const bo = ghPerson(202, 'Bo', 'New');
  const cy = ghPerson(203, 'Cy', 'New');
  return {
    users: [
      { id: 201, name: 'Ada Matched', first_name: 'Ada', last_name: 'Matched', primary_email_address: matchedEmail.toUpperCase(), emails: [matchedEmail] },
      { id: 202, name: 'Bo New', first_name: 'Bo', last_name: 'New', primary_email_address: 'bo.new@source.test', emails: ['bo.new@source.test'] },
    ],
    candidates: [
      { id: 301, first_name: 'Casey', last_name: 'Candidate', email_addresses: [{ value: 'casey@cand.test', type: 'personal' }] },
      { id: 302, first_name: 'Dana', last_name: 'Candidate', email_addresses: [{ value: 'dana@cand.test', type: 'personal' }] },
    ],
    applications: [
      { id: 501, candidate_id: 301, prospect: false, status: 'active', jobs: [{ id: 10, name: 'Backend Engineer' }] },
      { id: 502, candidate_id: 302, prospect: false, status: 'rejected', jobs: [{ id: 10, name: 'Backend Engineer' }] },
      { id: 503, candidate_id: 302, prospect: true, status: 'active', jobs: [] },
    ],
    scorecards: [
      card(1001, 501, ada, {
        overall_recommendation: 'strong_yes',
        attributes: [
          { name: 'System design', type: 'Skills', note: '<p>Designed a <b>queue</b> &amp; retries&nbsp;</p><ul><li>Explained   trade-offs</li></ul>', rating: 'strong_yes' },
          { name: 'Communication', type: 'Personality Traits', note: '  <p> </p> ', rating: 'mixed' },
          { name: 'Testing', type: 'Skills', note: null, rating: 'no_decision' },
        ],
        ratings: { definitely_not: [], no: [], mixed: ['Communication'], yes: [], strong_yes: ['System design'] },
        questions: [
          { id: null, question: 'Key Take-Aways', answer: '<p>Strong on design</p>' },
          { id: null, question: 'Private Notes', answer: '<div>Ask about on-call</div>' },
          { id: 9, question: 'Anything else?', answer: '' },
        ],
      }),
      card(1002, 501, bo, {
        overall_recommendation: 'mixed',
        attributes: [
          { name: 'System design', type: 'Skills', note: 'Sketched a sound design', rating: 'yes' },
          { name: 'Communication', type: 'Personality Traits', note: 'Interrupted twice', rating: 'definitely_not' },
          { name: 'Testing', type: 'Skills', note: 'No tests written', rating: 'no' },
        ],
        questions: [],
      }),
      card(1003, 502, cy, { overall_recommendation: 'no_decision', attributes: [{ name: 'System design', type: 'Skills', note: 'Partial', rating: 'no' }], questions: [] }),
      card(1004, 501, cy, { submitted_at: null, overall_recommendation: 'yes', attributes: [], questions: [] }),
      card(1005, 999, cy, { overall_recommendation: 'yes', attributes: [{ name: 'System design', type: 'Skills', note: 'x', rating: 'yes' }], questions: [] }),
      card(1006, 502, bo, { overall_recommendation: 'yes', attributes: [{ name: 'System design', type: 'Skills', note: 'x', rating: 'maybe' }], questions: [] }),
    ],
  };
}

/**
 * Greenhouse Harvest v3: scorecard 2001 complete with three attribute rows (one bad), 2002 a draft,
 * 2003 complete with no attribute rows; one attribute row for a scorecard that does not exist.
 */
export function greenhouseV3(): Folder {
  const base = { application_id: 601, interview_kit_id: 41, interviewed_at: '2024-04-02T09:00:00Z', notes: '<p>Solid</p>', public_notes: null };
  return {
    jobs: [{ id: 20, name: 'Data Scientist' }],
    users: [
      { id: 211, first_name: 'Eve', last_name: 'Rater', primary_email_address: 'eve@source.test' },
      { id: 212, first_name: 'Fay', last_name: 'Rater', primary_email_address: 'fay@source.test' },
    ],
    candidates: [{ id: 311, first_name: 'Gale', last_name: 'Candidate', email_addresses: [{ value: 'gale@cand.test' }] }],
    applications: [{ id: 601, candidate_id: 311, job_id: 20, status: 'active' }],
    job_candidate_attributes: [
      { id: 51, job_id: 20, name: 'Statistics', type: 'Skills' },
      { id: 52, job_id: 20, name: 'Storytelling', type: 'Skills' },
    ],
    scorecards: [
      { ...base, id: 2001, interviewer_id: 211, submitter_id: 211, candidate_rating: 'strong_no', status: 'complete', submitted_at: '2024-04-02T11:00:00Z', private_notes: 'Private: <i>check refs</i>' },
      { ...base, id: 2002, interviewer_id: 212, submitter_id: 212, candidate_rating: 'yes', status: 'draft', submitted_at: null, private_notes: null },
      { ...base, id: 2003, interviewer_id: 212, submitter_id: 212, candidate_rating: 'no_decision', status: 'complete', submitted_at: '2024-04-03T11:00:00Z', private_notes: null },
    ],
    scorecard_candidate_attributes: [
      { scorecard_id: 2001, job_candidate_attribute_id: 51, candidate_attribute_rating: 'strong_yes', note: '<p>Derived the &lt;p-value&gt; correctly</p>' },
      { scorecard_id: 2001, job_candidate_attribute_id: 52, candidate_attribute_rating: 'awful', note: 'bad row' },
      { scorecard_id: 2002, job_candidate_attribute_id: 51, candidate_attribute_rating: 'yes', note: 'draft row' },
      { scorecard_id: 2001, job_candidate_attribute_id: 99, candidate_attribute_rating: 'yes', note: 'unknown attribute' },
      { scorecard_id: 2999, job_candidate_attribute_id: 51, candidate_attribute_rating: 'yes', note: 'orphan' },
    ],
  };
}

/** Lever: one opportunity with two completed feedback forms, a draft and a deleted one. */
export function lever(): Folder {
  const form = (id: string, user: string, overall: string | null, scores: [number | null, string][], extra: object = {}) => ({
    id,
    opportunityId: 'opp-1',
    type: 'interview',
    text: 'Onsite interview',
    instructions: 'Assess the candidate',
    baseTemplateId: 'tmpl-1',
    user,
    panel: 'panel-1',
    interview: `int-${id}`,
    createdAt: 1714557600000,
    updatedAt: 1714561200000,
    completedAt: 1714561200000,
    deletedAt: null,
    fields: [
      { id: 'f1', type: 'score-system', text: 'Rating', description: '', required: true, value: overall },
      { id: 'f2', type: 'score', text: 'Ownership', description: '', required: false, value: scores[0]![0] },
      {
        id: 'f3',
        type: 'scorecard',
        text: 'Skills',
        description: '',
        required: true,
        scores: [{ text: 'Coding', description: '' }, { text: 'Debugging', description: '' }],
        value: scores.slice(1).map(([score, comment]) => ({ score, comment })),
      },
      { id: 'f4', type: 'textarea', text: 'Summary', description: '', required: false, value: '<p>Good pairing</p>' },
    ],
    ...extra,
  });
  return {
    users: [
      { id: 'lu-1', name: 'Hal Lever', email: 'hal@source.test' },
      { id: 'lu-2', name: 'Ivy Lever', email: 'ivy@source.test' },
    ],
    postings: [{ id: 'post-1', text: 'Frontend Engineer' }],
    opportunities: [{ id: 'opp-1', name: 'Jo Candidate', contact: 'contact-1', emails: ['jo@cand.test'], applications: [{ id: 'app-1', posting: 'post-1' }], archived: null }],
    feedback: [
      form('fb-1', 'lu-1', '4 - Strong Hire', [[3, ''], [4, 'Wrote clean code'], [3, '']]),
      form('fb-2', 'lu-2', '1 - Strong No Hire', [[1, ''], [2, 'Struggled'], [1, 'Could not find the bug']]),
      form('fb-3', 'lu-2', null, [[null, ''], [null, ''], [null, '']], { completedAt: null }),
      form('fb-4', 'lu-2', '3 - Hire', [[3, ''], [3, 'x'], [3, 'y']], { deletedAt: 1714561200000 }),
    ],
  };
}

/** Ashby: one application, two submitted feedbacks (scores as numbers and strings), one draft. */
export function ashby(): Folder {
  const form = {
    title: 'Technical screen',
    sections: [
      { fields: [{ field: { id: 'fd1', type: 'Score', path: 'problem_solving', title: 'Problem solving', selectableValues: null } }, { field: { id: 'fd2', type: 'RichText', path: 'problem_solving_notes', title: 'Notes', selectableValues: null } }] },
      { fields: [{ field: { id: 'fd3', type: 'Score', path: 'collaboration', title: 'Collaboration', selectableValues: null } }] },
      { fields: [{ field: { id: 'fd4', type: 'Score', path: 'overall_recommendation', title: 'Overall Recommendation', selectableValues: null } }, { field: { id: 'fd5', type: 'LongText', path: 'summary', title: 'Summary', selectableValues: null } }] },
    ],
  };
  const fb = (id: string, user: { id: string; firstName: string; lastName: string; email: string }, values: object, submittedAt: string | null = '2024-05-01T12:00:00.000Z') => ({
    id,
    applicationId: 'ash-app-1',
    feedbackFormDefinitionId: 'form-1',
    interviewId: 'ash-int-1',
    interviewEventId: `ev-${id}`,
    submittedAt,
    submittedByUser: user,
    formDefinition: form,
    submittedValues: values,
  });
  const kim = { id: 'au-1', firstName: 'Kim', lastName: 'Ashby', email: 'kim@source.test' };
  const lee = { id: 'au-2', firstName: 'Lee', lastName: 'Ashby', email: 'lee@source.test' };
  return {
    users: [kim, lee],
    applications: [{ id: 'ash-app-1', status: 'Active', candidate: { id: 'ash-cand-1', name: 'Mo Candidate', primaryEmailAddress: { value: 'mo@cand.test' } }, job: { id: 'ash-job-1', title: 'Product Designer' } }],
    feedback: [
      fb('afb-1', kim, { problem_solving: 4, problem_solving_notes: '<p>Broke the problem down</p>', collaboration: '3', overall_recommendation: '4', summary: 'Strong' }),
      fb('afb-2', lee, { problem_solving: '2', problem_solving_notes: '', collaboration: 1, overall_recommendation: 1 }),
      fb('afb-3', lee, { problem_solving: 3 }, null),
    ],
  };
}
