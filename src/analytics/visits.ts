// Step visits derived from the funnel events: an application enters a step when an event moves
// it there, and the visit ends at its next event. Shared by the funnel report and the export so
// both count the same way.
export interface FunnelFilter {
  orgId: string;
  roleId?: string;
  /** Cohort by application date: created at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
}

/**
 * The cohort condition over `applications a`, its parameters appended to `values` (which must
 * start with the organization id as $1): every report filters applications the same way.
 */
export function cohortCondition(filter: FunnelFilter, values: unknown[]): string {
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const conditions = ['a.org_id = $1'];
  if (filter.roleId) conditions.push(`a.role_id = ${param(filter.roleId)}`);
  if (filter.from) conditions.push(`a.created_at >= ${param(filter.from)}`);
  if (filter.to) conditions.push(`a.created_at < ${param(filter.to)}`);
  return conditions.join(' and ');
}

/**
 * SQL (positional parameters, for pg and for cursors) of one row per step visit:
 * application_id, role_id, step_id, step_position, entered_at, left_at, and the visit's outcome:
 * passed (moved to a later step, or hired from it), moved_back, rejected, withdrawn, in_progress.
 */
export function visitsSql(filter: FunnelFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [filter.orgId];
  const text = `
    with cohort as (
      select a.id, a.role_id from applications a where ${cohortCondition(filter, values)}
    ),
    events as (
      select e.application_id, e.role_id, e.to_step_id, e.at,
        lead(e.to_step_id) over w as next_step_id,
        lead(e.outcome) over w as next_outcome,
        lead(e.at) over w as left_at
      from stage_events e join cohort c on c.id = e.application_id
      window w as (partition by e.application_id order by e.at, e.id)
    )
    select ev.application_id, ev.role_id, ev.to_step_id as step_id, s.position as step_position, ev.at as entered_at, ev.left_at,
      case
        when ev.left_at is null then 'in_progress'
        when ev.next_outcome = 'hired' then 'hired'
        when ev.next_outcome is not null then ev.next_outcome
        when ns.position > s.position then 'passed'
        else 'moved_back'
      end as outcome
    from events ev
    join steps s on s.id = ev.to_step_id
    left join steps ns on ns.id = ev.next_step_id
    where ev.to_step_id is not null`;
  return { text, values };
}
