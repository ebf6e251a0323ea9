import type { z } from 'zod';
import type { queueItemSchema } from '../applications/queue.js';
import { html } from '../pages/html.js';
import { layout, type Viewer } from '../pages/layout.js';
import { formatTime } from '../pages/format.js';
import { feedbackStateLabels, type FeedbackState } from './feedback-state.js';
import type { AwaitingDecision } from './queries.js';

type QueueItem = z.infer<typeof queueItemSchema>;
export interface InterviewToScore {
  item: QueueItem;
  state: FeedbackState;
}

const stateTag: Record<FeedbackState, string> = { upcoming: '', in_progress: '', due: 'warn', late: 'bad', submitted: 'good' };

export function homePage(props: { viewer: Viewer; interviews: InterviewToScore[]; decisions: AwaitingDecision[] }) {
  const { interviews, decisions } = props;
  const nothing = interviews.length === 0 && decisions.length === 0;
  return layout({
    title: 'What needs you',
    viewer: props.viewer,
    body: html`<h1>What needs you</h1>
${nothing ? html`<p class="notice">Nothing needs you right now. Interviews you are asked to score and decisions you own will appear here.</p>` : ''}
${interviews.length
  ? html`<h2 id="to-score">Interviews to score</h2>
<ul class="plain">${interviews.map(
      ({ item, state }) => html`<li class="card">
<h3><a href="/app/interviews/${item.interviewId}">${item.candidateName ?? 'Candidate (erased)'}: ${item.step.name ?? 'Interview'}</a></h3>
<p>${item.role.title} · ${formatTime(item.startsAt)} · <span class="tag ${stateTag[state]}">${feedbackStateLabels[state]}</span>${item.scorecard?.status === 'draft' ? html` <span class="tag">Draft saved</span>` : ''}</p>
<p class="muted">You assess: ${item.criteria.map((c) => c.name).join(', ') || 'no criteria assigned (ask the recruiter)'}</p>
</li>`,
    )}</ul>`
  : ''}
${decisions.length
  ? html`<h2 id="to-decide">Decisions to make</h2>
<ul class="plain">${decisions.map(
      (d) => html`<li class="card">
<h3><a href="/app/applications/${d.applicationId}/debrief">${d.candidateName ?? 'Candidate (erased)'}: ${d.roleTitle}</a></h3>
<p><span class="tag ${d.submitted < d.expected ? 'warn' : 'good'}">${d.submitted} of ${d.expected} scorecards in</span></p>
</li>`,
    )}</ul>`
  : ''}`,
  });
}
