// The events other systems can subscribe to, and the payload each carries: ids, types and
// times only, never personal data or evidence.
import { z } from 'zod';

export const eventTypes = ['scorecard.submitted', 'scorecard.amended', 'decision.made', 'application.stage_changed', 'role.opened', 'role.closed'] as const;
export type EventType = (typeof eventTypes)[number];
export const eventTypeSchema = z.enum(eventTypes);

export interface EventData {
  orgId: string;
  roleId: string;
  applicationId?: string;
  interviewId?: string;
  scorecardId?: string;
  decisionId?: string;
  /** A plan step id, or the terminal state `hired`, `rejected`, `withdrawn`. */
  stage?: string;
}

export const isEventType = (kind: string): kind is EventType => (eventTypes as readonly string[]).includes(kind);

/** The exact bytes sent to every subscriber; built once, so every retry is byte-identical. */
export function eventBody(type: EventType, timestamp: Date, data: EventData): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}
