// A demo organization driven through the real API: a product-manager role from its template
// and candidates whose loops raise every synthesis flag, including the seed story (a candidate
// who clears every structured step, then an unbriefed lunch added at the end is the only "no").
import type { Config } from '../config.js';
import type { App } from '../http/types.js';
import { mintStaffToken } from '../plugins/staff-token.js';
import type { Permission } from '../plugins/auth.js';

interface Person {
  id: string;
  name: string;
  email: string;
  headers: { authorization: string };
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

export interface DemoSummary {
  orgId: string;
  roleId: string;
  tokens: Record<'admin' | 'recruiter' | 'decisionOwner' | 'interviewer', string>;
  /** Everyone was invited by mail (an outbox file without SMTP): each can sign in from that link, or by email at the sign-in page. */
  people: { name: string; email: string; role: string }[];
  candidates: { name: string; applicationId: string; flags: string[] }[];
}

export async function seedDemo(app: App, config: Config, orgId: string, admin: { sub: string }): Promise<DemoSummary> {
  const token = (sub: string, permissions: Permission[]) => mintStaffToken(config, { org: orgId, sub, permissions });
  const adminHeaders = { authorization: `Bearer ${token(admin.sub, ['admin'])}` };
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => {
    const response = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    if (response.statusCode >= 400) throw new Error(`${method} ${url} → ${response.statusCode}: ${response.body}`);
    return response.json();
  };
  const person = async (name: string, permissions: Permission[]): Promise<Person> => {
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}.${Date.now().toString(36)}@demo.test`;
    const user = await call('POST', '/users', adminHeaders, { email, name, permissions });
    return { id: user.id, name, email, headers: { authorization: `Bearer ${token(user.sub, permissions)}` } };
  };

  const recruiter = await person('Rita Recruiter', ['recruiter']);
  const owner = await person('Dana Decider', ['interviewer']);
  const [ana, ben, cy, dee, lou] = await Promise.all(['Ana Alvarez', 'Ben Brooks', 'Cy Chen', 'Dee Diaz', 'Lou Lunch'].map((n) => person(n, ['interviewer'])));
  const r = recruiter.headers;

  const role = await call('POST', '/roles/from-rubric', r, {
    template: 'product-manager',
    decisionOwnerId: owner.id,
    interviewers: {
      'Recruiter screen': [ana!.id],
      'Discovery deep dive': [ben!.id, cy!.id],
      'Prioritization work sample': [dee!.id],
      'Working session with the trio': [ana!.id, cy!.id],
    },
  });
  await call('POST', `/roles/${role.id}/open`, r);
  const step = (name: string) => role.steps.find((s: { name: string }) => s.name === name);
  const criterion = (name: string) => role.criteria.find((c: { name: string }) => c.name === name).id as string;
  const discovery = criterion('Discovery habits');
  const outcome = criterion('Outcome orientation');
  const prioritization = criterion('Prioritization with evidence');
  const stakeholders = criterion('Stakeholder management');
  const trio = criterion('Collaboration in the product trio');

  const apply = async (name: string) => {
    const candidate = await call('POST', '/candidates', r, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@candidates.demo` });
    return (await call('POST', '/applications', r, { candidateId: candidate.id, roleId: role.id })).id as string;
  };
  const interview = async (applicationId: string, stepName: string | null, who: Person[], endedHoursAgo: number, adHocName?: string) =>
    (
      await call('POST', `/applications/${applicationId}/interviews`, r, {
        ...(stepName ? { stepId: step(stepName).id } : { adHocName }),
        interviewerIds: who.map((p) => p.id),
        startsAt: hoursAgo(endedHoursAgo + 1),
        endsAt: hoursAgo(endedHoursAgo),
      })
    ).id as string;
  const rate = (criterionId: string, rating: number | null, evidence?: string) => ({ criterionId, rating, evidence: evidence ?? null });
  const submit = (who: Person, interviewId: string, body: object) => call('POST', `/interviews/${interviewId}/scorecard/submit`, who.headers, body);

  // Robin: the seed story.
  const robin = await apply('Robin Rivera');
  await submit(ana!, await interview(robin, 'Recruiter screen', [ana!], 10), { ratings: [rate(trio, 3, 'Described weekly sessions with her designer and tech lead.'), rate(stakeholders, 3, 'Walked a sales VP through churn interviews before saying no to a feature.')], recommendation: 'yes' });
  const robinDeepDive = await interview(robin, 'Discovery deep dive', [ben!, cy!], 8);
  await submit(ben!, robinDeepDive, { ratings: [rate(discovery, 4, 'Runs three customer interviews a week; showed the opportunity tree.'), rate(outcome, 3, 'Targeted trial-to-paid conversion; moved it 2 points.')], recommendation: 'strong_yes' });
  await submit(cy!, robinDeepDive, { ratings: [rate(discovery, 3, 'Killed an onboarding idea after an assumption test.'), rate(outcome, 4, 'Chose between two bets by expected conversion impact.')], recommendation: 'yes' });
  await submit(dee!, await interview(robin, 'Prioritization work sample', [dee!], 6), { ratings: [rate(prioritization, 4, 'Ranked the backlog with the usage data and named what she gave up.'), rate(outcome, 3, 'Tied each item to the activation metric.')], recommendation: 'yes' });
  const robinSession = await interview(robin, 'Working session with the trio', [ana!, cy!], 4);
  await submit(ana!, robinSession, { ratings: [rate(trio, 4, 'Built on the engineer’s idea of a smaller first slice.'), rate(stakeholders, 3, 'Proposed how to bring support into the decision.')], recommendation: 'yes' });
  await submit(cy!, robinSession, { ratings: [rate(trio, 3, 'Asked the designer to lead the sketching.'), rate(discovery, 3, 'Suggested two customers to call this week.')], recommendation: 'yes' });
  const lunchStep = await call('POST', `/roles/${role.id}/steps`, r, { name: 'Team lunch', kind: 'social' });
  await call('PUT', `/roles/${role.id}/steps/${lunchStep.id}/assignments`, r, [{ interviewerId: lou!.id, criterionIds: [] }]);
  const lunch = (await call('POST', `/applications/${robin}/interviews`, r, { stepId: lunchStep.id, interviewerIds: [lou!.id], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).id;
  await submit(lou!, lunch, { ratings: [], recommendation: 'no', notes: 'Not a culture fit, too quiet at lunch.' });

  // Sam: a split panel, a rating off assignment, an assigned criterion left unrated.
  const sam = await apply('Sam Sato');
  const samDeepDive = await interview(sam, 'Discovery deep dive', [ben!, cy!], 5);
  await submit(ben!, samDeepDive, { ratings: [rate(discovery, 1, 'Could not name a customer conversation from the last quarter.'), rate(outcome, null), rate(prioritization, 2, 'Ranked by the CEO’s requests.')], recommendation: 'no' });
  await submit(cy!, samDeepDive, { ratings: [rate(discovery, 4, 'Described a diary study with twelve customers.'), rate(outcome, 3, 'Measured adoption of the new import flow.')], recommendation: 'yes' });

  // Kim: late feedback, and an amendment after reading colleagues' scorecards.
  const kim = await apply('Kim Kowalski');
  const kimDeepDive = await interview(kim, 'Discovery deep dive', [ben!, cy!], 60);
  const first = await submit(ben!, kimDeepDive, { ratings: [rate(discovery, 3, 'Interviews customers monthly.'), rate(outcome, 3, 'Set a retention goal for the quarter.')], recommendation: 'yes' });
  await submit(cy!, kimDeepDive, { ratings: [rate(discovery, 2, 'Interviews were run by research, not by the candidate.'), rate(outcome, 2, 'Success was described as shipping on time.')], recommendation: 'no' });
  await call('GET', `/applications/${kim}/scorecards`, ben!.headers);
  await call('POST', `/scorecards/${first.id}/amendments`, ben!.headers, { reason: 'Rereading my notes', ratings: [rate(discovery, 2, 'On reflection, research ran the interviews.')] });

  // Alex: a long loop, with the must-have assessed by a single interviewer.
  const alex = await apply('Alex Abara');
  for (const [i, who] of [ana!, dee!, ana!, dee!, ana!].entries()) {
    const id = await interview(alex, who === ana ? 'Recruiter screen' : 'Prioritization work sample', [who], 12 - i);
    const ratings = who === ana ? [rate(trio, 3, `Round ${i + 1}: brought engineering into discovery.`)] : [rate(prioritization, 3, `Round ${i + 1}: ranked with evidence.`)];
    await submit(who, id, { ratings, recommendation: 'yes' });
  }

  const candidates = [];
  for (const [name, applicationId] of [['Robin Rivera', robin], ['Sam Sato', sam], ['Kim Kowalski', kim], ['Alex Abara', alex]] as const) {
    const synthesis = await call('GET', `/applications/${applicationId}/synthesis`, owner.headers);
    candidates.push({ name, applicationId, flags: [...new Set<string>(synthesis.flags.map((f: { code: string }) => f.code))].sort() });
  }
  return {
    orgId,
    roleId: role.id,
    tokens: { admin: adminHeaders.authorization.slice(7), recruiter: r.authorization.slice(7), decisionOwner: owner.headers.authorization.slice(7), interviewer: ana!.headers.authorization.slice(7) },
    candidates,
    people: [
      { name: recruiter.name, email: recruiter.email, role: 'recruiter' },
      { name: owner.name, email: owner.email, role: 'decision owner' },
      ...[ana!, ben!, cy!, dee!, lou!].map((p) => ({ name: p.name, email: p.email, role: 'interviewer' })),
    ],
  };
}
