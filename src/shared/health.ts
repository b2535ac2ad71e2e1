/** GET /api/health's answer, for load balancers and monitoring. Imports only zod. */
import { z } from 'zod';

/** 200: the database takes a write and the key matches the data. */
export const healthySchema = z.object({ ok: z.literal(true), engine: z.string() });

/** 503: what is wrong, in the API's error shape. */
export const unhealthySchema = z.object({ ok: z.literal(false), engine: z.string(), error: z.object({ id: z.string(), message: z.string() }) });
