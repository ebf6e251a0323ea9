import { z } from 'zod';

// PostgreSQL text cannot hold NUL, and a lone surrogate is not text: both are refused as 400.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const label = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !s.includes('\u0000') && !LONE_SURROGATE.test(s), { message: 'must be text without NUL characters or lone surrogates' });

export const categorySchema = z.object({ id: z.uuid(), label: z.string(), retired: z.boolean().describe('Hidden from the form; kept in the report.') });
export const questionSchema = z.object({ id: z.uuid(), label: z.string(), retired: z.boolean(), categories: z.array(categorySchema) });
export const questionSetSchema = z.object({ questions: z.array(questionSchema) });
export type QuestionSet = z.infer<typeof questionSetSchema>;

export const MAX_QUESTIONS = 20;
export const MAX_CATEGORIES = 30;

export const questionSetBody = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        id: z.uuid().optional().describe('Omit for a new question; the server assigns the id.'),
        label,
        retired: z.boolean().default(false),
        categories: z
          .array(z.strictObject({ id: z.uuid().optional(), label, retired: z.boolean().default(false) }))
          .min(1)
          .max(MAX_CATEGORIES),
      }),
    )
    .max(MAX_QUESTIONS),
});
export type QuestionSetBody = z.infer<typeof questionSetBody>;

/** The candidate's form: the questions on offer and their own current answers. */
export const selfIdentificationSchema = z.object({
  questions: z.array(z.object({ id: z.uuid(), label: z.string(), categories: z.array(z.object({ id: z.uuid(), label: z.string() })) })),
  answers: z.array(z.object({ questionId: z.uuid(), categoryId: z.uuid().nullable().describe('null: prefer not to say.') })),
  note: z.string(),
});

export const selfIdentificationBody = z.strictObject({
  answers: z
    .array(z.strictObject({ questionId: z.uuid(), categoryId: z.uuid().nullable().describe('null: prefer not to say.') }))
    .max(MAX_QUESTIONS)
    .describe('Replaces every answer; a question left out is not answered.'),
});

const nullableCount = z.number().int().nullable();
/** GET /analytics/adverse-impact: exactly the shape of SPEC's "Fairness" section. */
export const adverseImpactSchema = z.object({
  roleId: z.uuid(),
  questions: z.array(
    z.object({
      questionId: z.uuid(),
      label: z.string(),
      stages: z.array(
        z.object({
          stepId: z.uuid().nullable().describe('null for the whole process: applied → hired.'),
          name: z.string(),
          notAnswered: z.number().int().describe('"Prefer not to say" and unanswered, together.'),
          categories: z.array(
            z.object({
              categoryId: z.uuid(),
              label: z.string(),
              suppressed: z.boolean().describe('Fewer than 5 entered: every count and statistic is null.'),
              entered: nullableCount,
              passed: nullableCount.describe('Reached a later step, or was hired.'),
              rate: z.number().nullable(),
              impactRatio: z.number().nullable().describe('Rate over the reference category’s rate.'),
              belowFourFifths: z.boolean().nullable().describe('5·passed·entered(ref) < 4·passed(ref)·entered, in integers.'),
              fisherP: z.number().nullable().describe('Two-sided Fisher exact p against the reference category.'),
              reference: z.boolean().describe('The category with the highest rate among those shown.'),
              warning: z.string().nullable().describe('Set when an expected cell count of the comparison is below 5.'),
            }),
          ),
        }),
      ),
    }),
  ),
});
