// Shared steps of the fairness tests: candidates who apply, get a link and self-identify.
import type { StaffMember, TestContext } from '../helpers/app.js';

let client = 0;
/** A distinct client address per candidate: the candidate rate limit counts per address. */
export const nextAddress = () => `10.17.${Math.floor(++client / 250) % 250}.${(client % 250) + 1}`;

export interface Applicant {
  candidateId: string;
  applicationId: string;
  token: string;
  address: string;
}

export async function applyWithLink(ctx: TestContext, recruiter: StaffMember, roleId: string, name: string): Promise<Applicant> {
  const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: recruiter.auth, payload });
  const candidate = (await post('/candidates', { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@fair.test` })).json();
  const application = (await post('/applications', { candidateId: candidate.id, roleId })).json();
  const link = (await post(`/applications/${application.id}/candidate-link`, {})).json();
  return { candidateId: candidate.id, applicationId: application.id, token: link.token, address: nextAddress() };
}

export function asCandidate(ctx: TestContext, who: Applicant, method: 'GET' | 'PUT', url: string, payload?: object) {
  return ctx.app.inject({ method, url, remoteAddress: who.address, headers: { authorization: `Bearer ${who.token}` }, ...(payload ? { payload } : {}) });
}

/** The organization's questions, looked up by label. */
export async function questionsByLabel(ctx: TestContext, admin: StaffMember) {
  const set = (await ctx.app.inject({ url: '/fairness/questions', headers: admin.auth })).json() as { questions: { id: string; label: string; categories: { id: string; label: string }[] }[] };
  const question = (label: string) => {
    const q = set.questions.find((x) => x.label === label);
    if (!q) throw new Error(`no question ${label}`);
    return { id: q.id, category: (l: string) => q.categories.find((c) => c.label === l)!.id };
  };
  return { set, question };
}
