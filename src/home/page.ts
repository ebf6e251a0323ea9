import { interviewerQueue } from '../applications/queue.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission } from '../plugins/auth.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { lateFeedbackHoursOf } from '../notifications/settings.js';
import { feedbackState } from './feedback-state.js';
import { awaitingDecision } from './queries.js';
import { homePage } from './views.js';

/** /app: what needs the signed-in person, from the same use cases as GET /interviews/mine. */
export async function homePages(app: App, deps: Deps) {
  app.get('/app', { preHandler: pageFor(app), config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const { staff } = request;
    const now = new Date();
    const [viewer, queue, decisions, lateHours] = await Promise.all([
      viewerOf(deps, request),
      hasPermission(staff, 'interviewer') ? interviewerQueue(deps.db, staff, { limit: 200 }) : Promise.resolve({ items: [] }),
      awaitingDecision(deps.db, staff.orgId, staff.userId),
      lateFeedbackHoursOf(deps.db, staff.orgId, deps.synthesis.lateFeedbackHours),
    ]);
    const interviews = queue.items
      .map((item) => ({ item, state: feedbackState({ startsAt: new Date(item.startsAt), endsAt: new Date(item.endsAt) }, item.scorecard?.status === 'submitted', lateHours, now) }))
      .filter((i) => i.state !== 'submitted')
      // Late first, then due, then what is coming up.
      .sort((a, b) => order[a.state] - order[b.state] || a.item.endsAt.localeCompare(b.item.endsAt));
    return sendPage(reply, homePage({ viewer, interviews, decisions }));
  });
}

const order = { late: 0, due: 1, in_progress: 2, upcoming: 3, submitted: 4 } as const;
