// A compiled response serializer for hot reads: the route's zod schema turned into JSON Schema
// once, at start, and compiled by fast-json-stringify. The default serializer encodes the whole
// answer through zod and then runs JSON.stringify, which for a large answer (the synthesis)
// costs as much as computing it. The compiled one writes only the schema's properties, as zod
// would strip the others; it checks shapes (required properties, nullable or not) but not
// formats, which the handler's own types already guarantee.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The JSON Schema fast-json-stringify compiles for a zod output schema. */
export function outputJsonSchema(schema: z.ZodType) {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' });
}

/** Serializes `schema`'s values: compiled once, reused on every answer. */
export function compileSerializer(schema: z.ZodType): (data: unknown) => string {
  return fastJson(outputJsonSchema(schema) as Parameters<typeof fastJson>[0]);
}

/**
 * A route's serializer compiler: the given statuses (its successful answers) compiled, the rest
 * (problem answers, rare) through the default zod serializer.
 */
export function compiledSerializerFor<S>(...statuses: number[]): FastifySerializerCompiler<S> {
  // Fastify types the route's schema object here; what arrives is one status's zod schema.
  const fallback = serializerCompiler as unknown as FastifySerializerCompiler<z.ZodType>;
  const compiler: FastifySerializerCompiler<z.ZodType> = (route) =>
    statuses.map(String).includes(String(route.httpStatus)) ? compileSerializer(route.schema) : fallback(route);
  return compiler as unknown as FastifySerializerCompiler<S>;
}
