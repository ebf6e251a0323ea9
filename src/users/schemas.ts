import { z } from 'zod';
import { permissions } from '../plugins/auth.js';
import { isoTime, text, toIso, toIsoOrNull } from '../http/schemas.js';
import type { UserRow } from './queries.js';

export const userSchema = z.object({
  id: z.uuid(),
  sub: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  permissions: z.array(z.enum(permissions)),
  createdAt: isoTime,
  deactivatedAt: isoTime.nullable().describe('Set once an admin has deactivated the user; they can no longer sign in or call the API.'),
});

export const createUserBody = z.strictObject({
  email: z.email().max(320),
  name: text({ max: 200 }),
  sub: text({ max: 200, trim: false }).optional().describe('Token subject; defaults to the email.'),
  permissions: z.array(z.enum(permissions)).min(1),
});

export const setPermissionsBody = z.strictObject({ permissions: z.array(z.enum(permissions)).min(1).describe('Replaces every permission of the user.') });

export const meSchema = userSchema.extend({ orgId: z.uuid() });

export function toUser(row: UserRow): z.infer<typeof userSchema> {
  return {
    id: row.id,
    sub: row.sub,
    email: row.email,
    name: row.name,
    permissions: row.permissions as z.infer<typeof userSchema>['permissions'],
    createdAt: toIso(row.createdAt),
    deactivatedAt: toIsoOrNull(row.deactivatedAt),
  };
}
