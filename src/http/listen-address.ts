// Where the service listens, readable before anything else loads: the server process takes its
// port before the configuration's schema library is even imported (src/server.ts). The
// configuration (src/config.ts) validates the same variables with these defaults and reports any
// problem; an address this cannot read is left to it.
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

export function listenAddress(env: NodeJS.ProcessEnv): { port: number; host: string } | undefined {
  const port = Number(env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { port, host: env.HOST || DEFAULT_HOST };
}
