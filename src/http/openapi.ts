/**
 * A request body the service checks itself (its checks name the field in Chinese, the way the
 * forms show them), described in the OpenAPI document by the service's own schema: the route
 * accepts any JSON and passes it on, and /api/docs still shows what to send.
 */
import { z } from 'zod';

export function checkedByService(schema: z.ZodType, description: string) {
  const { $schema: _dialect, ...shape } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return z.unknown().meta({ ...shape, description });
}
