// Per-request latency at microsecond resolution: one keep-alive connection per target, each
// request timed with process.hrtime.bigint from write to the last byte of the body. Targets are
// measured in alternating rounds so load from elsewhere on a shared machine falls on both alike.
import { Agent, request } from 'node:http';

export interface Target {
  url: string;
  headers?: Record<string, string>;
}

export interface Latencies {
  /** Microseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  count: number;
  non2xx: number;
  /** Requests per second while this target was being measured. */
  rate: number;
}

function once(agent: Agent, target: Target): Promise<{ micros: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(target.url, { agent, headers: target.headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve({ micros: Number(process.hrtime.bigint() - started) / 1000, status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Each target for about `seconds`, in rounds of `round` requests, after a warm-up round each. */
export async function measureLatencies(targets: Target[], seconds: number, round = 200): Promise<Latencies[]> {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const samples = targets.map(() => [] as number[]);
  const busy = targets.map(() => 0);
  const non2xx = targets.map(() => 0);
  try {
    for (const [i, target] of targets.entries()) for (let n = 0; n < round; n++) await once(agents[i]!, target);
    const until = performance.now() + seconds * 1000 * targets.length;
    while (performance.now() < until) {
      for (const [i, target] of targets.entries()) {
        const started = performance.now();
        for (let n = 0; n < round; n++) {
          const { micros, status } = await once(agents[i]!, target);
          samples[i]!.push(micros);
          if (status < 200 || status >= 300) non2xx[i]!++;
        }
        busy[i]! += performance.now() - started;
      }
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return samples.map((xs, i) => {
    const sorted = xs.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1)!, count: sorted.length, non2xx: non2xx[i]!, rate: (sorted.length / busy[i]!) * 1000 };
  });
}
