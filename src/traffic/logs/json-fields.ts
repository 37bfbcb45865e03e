import { z } from 'zod';

// Its own module: the profile's worker threads read JSON lines without loading zod (~50 ms a worker).

/** Where each value lives in a JSON log line; dotted paths reach nested objects (`http.method`). */
export const JsonFields = z
  .object({
    time: z.string().optional(),
    method: z.string().optional(),
    path: z.string().optional(),
    /** A whole request line (`GET /a HTTP/1.1`), used when method/path are not separate. */
    request: z.string().optional(),
    status: z.string().optional(),
    bytesSent: z.string().optional(),
    bytesReceived: z.string().optional(),
    duration: z.string().optional(),
    durationUnit: z.enum(['s', 'ms', 'us', 'ns']).optional(),
    client: z.string().optional(),
  })
  .strict();
export type JsonFields = z.infer<typeof JsonFields>;
