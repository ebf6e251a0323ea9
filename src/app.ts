import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { analyticsRoutes } from './analytics/routes.js';
import { apiKeyRoutes } from './api-keys/routes.js';
import { applicationRoutes } from './applications/routes.js';
import { interviewRoutes } from './applications/interview-routes.js';
import { auditRoutes } from './audit/routes.js';
import { exerciseRoutes } from './calibration/exercise-routes.js';
import { candidateRoutes } from './candidate/routes.js';
import { calibrationRoutes } from './calibration/routes.js';
import { outcomeRoutes } from './calibration/outcome-routes.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { newId } from './db/ids.js';
import { scheduleEmbeddedMaintenance, type MaintenanceSchedule } from './db/maintenance.js';
import { migrate } from './db/migrate.js';
import { createMailer } from './mail/mailer.js';
import { selfIdentificationRoutes } from './fairness/candidate-routes.js';
import { fairnessRoutes } from './fairness/routes.js';
import { healthRoutes } from './health/routes.js';
import { importRoutes } from './imports/routes.js';
import type { App, Deps } from './http/types.js';
import { registerStaffAuth } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './plugins/errors.js';
import { registerHostileInputGuard } from './plugins/hostile-input.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerPageAssets } from './pages/plugin.js';
import { signInPages } from './sign-in/pages.js';
import { homePages } from './home/page.js';
import { scorecardPages } from './scorecards/pages.js';
import { debriefPages } from './synthesis/pages.js';
import { apiKeyPages } from './api-keys/pages.js';
import { funnelPages } from './analytics/page.js';
import { calibrationPages } from './calibration/pages.js';
import { fairnessPages } from './fairness/page.js';
import { userPages } from './users/pages.js';
import { erasurePages } from './candidate/erasure-page.js';
import { auditPages } from './audit/page.js';
import { candidatePages } from './candidate/pages.js';
import { webhookPages } from './webhooks/pages.js';
import { rolePages } from './roles/pages.js';
import { applicationPages } from './applications/pages.js';
import { planRoutes } from './roles/plan-routes.js';
import { roleRoutes } from './roles/routes.js';
import { loadLexicon } from './rubrics/lexicon.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { scorecardRoutes } from './scorecards/routes.js';
import { synthesisRoutes } from './synthesis/routes.js';
import { userRoutes } from './users/routes.js';
import { organizationRoutes } from './notifications/organization-routes.js';
import { createWorker, type WorkerOptions } from './notifications/worker.js';
import { webhookRoutes } from './webhooks/routes.js';

export interface BuildAppOptions {
  config: Config;
  /** An already open database (tests share one per file); otherwise opened from config and closed with the app. */
  database?: Database;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** The HTTP server to serve on, already listening (the server process takes its port first). */
  serverFactory?: FastifyServerOptions['serverFactory'];
  /** Options for the in-process notification worker (started when config.worker is on). */
  worker?: Partial<Omit<WorkerOptions, 'db' | 'config' | 'mailer' | 'log'>>;
  /** When the embedded database is vacuumed and analyzed (default: a minute after start, then every 6 hours). */
  maintenance?: MaintenanceSchedule;
}

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config } = options;
  const ownsDatabase = !options.database;
  const database = options.database ?? (await openDatabase(config.database));
  if (options.migrate ?? true) await migrate(database);

  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, serializers: { req: requestForLog } },
    genReqId: () => newId(),
    requestIdHeader: 'x-request-id',
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    return503OnClosing: true,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.decorate('database', database);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, documented: !(route.schema as { hide?: boolean } | undefined)?.hide });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  if (ownsDatabase) app.addHook('onClose', () => database.close());
  // Echo the request id so a user can quote it and an operator can find the log lines.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Almost every answer carries personal data or depends on who asks, so nothing is stored by
    // browsers or proxies; only the docs UI's static assets keep their own caching.
    if (!isStaticAsset(request.url)) reply.header('cache-control', 'no-store');
  });

  registerErrorHandling(app);
  registerHostileInputGuard(app);
  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  // Pages post plain HTML forms, so they work without JavaScript.
  await app.register(fastifyFormbody);
  // Off by default; routes opt in (candidate routes) through their rateLimit config.
  await app.register(fastifyRateLimit, { global: false });
  await registerOpenApi(app);

  const lexicon = loadLexicon();
  const mailer = createMailer(config, app.log);
  app.addHook('onClose', async () => mailer.close());
  const deps: Deps = { config, database, db: database.db, mailer, synthesis: { lexicon: lexicon.entries, lateFeedbackHours: config.lateFeedbackHours } };
  await registerStaffAuth(app, config, deps.db);
  await healthRoutes(app, deps);
  await userRoutes(app, deps);
  await roleRoutes(app, deps);
  await planRoutes(app, deps);
  await applicationRoutes(app, deps);
  await interviewRoutes(app, deps);
  await scorecardRoutes(app, deps);
  await synthesisRoutes(app, deps);
  await calibrationRoutes(app, deps);
  await exerciseRoutes(app, deps);
  await outcomeRoutes(app, deps);
  await candidateRoutes(app, deps);
  await analyticsRoutes(app, deps);
  await fairnessRoutes(app, deps);
  await selfIdentificationRoutes(app, deps);
  await auditRoutes(app, deps);
  await apiKeyRoutes(app, deps);
  await importRoutes(app, deps);
  await organizationRoutes(app, deps);
  await webhookRoutes(app, deps);

  await registerPageAssets(app);
  await signInPages(app, deps);
  await homePages(app, deps);
  await scorecardPages(app, deps);
  await debriefPages(app, deps);
  await apiKeyPages(app, deps);
  await funnelPages(app, deps);
  await calibrationPages(app, deps);
  await fairnessPages(app, deps);
  await userPages(app, deps);
  await erasurePages(app, deps);
  await auditPages(app, deps);
  await candidatePages(app, deps);
  await webhookPages(app, deps);
  await rolePages(app, deps);
  await applicationPages(app, deps);

  let stopMaintenance = async () => {};
  app.addHook('onReady', async () => {
    stopMaintenance = scheduleEmbeddedMaintenance(database, app.log, options.maintenance);
  });
  app.addHook('preClose', async () => stopMaintenance());

  if (config.worker) {
    // fastify fails a preClose hook that runs past its pluginTimeout, and closing with it: the
    // worker's wait for a pass stuck on a mail server ends well before (the mail is retried later).
    const stopTimeoutMs = (app.initialConfig.pluginTimeout ?? 10_000) / 2;
    const worker = createWorker({ stopTimeoutMs, ...options.worker, db: database.db, config, mailer, log: app.log });
    app.addHook('onReady', async () => worker.start());
    // preClose runs before every onClose hook: the worker stops before the mailer and database close.
    app.addHook('preClose', async () => worker.stop());
  }
  return app;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** False for the docs UI's own asset routes, which the document does not describe. */
  documented: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves: the source for the OpenAPI parity test and the authorization matrix. */
    registeredRoutes: RegisteredRoute[];
    /** The app's database, for the entry points (first-run setup, the CLI) that run beside the routes. */
    database: Database;
  }
}

// Files that are the same for everyone and carry no personal data: the only cacheable answers.
const STATIC_PREFIXES = ['/docs/static/', '/assets/'];

function isStaticAsset(url: string): boolean {
  return STATIC_PREFIXES.some((prefix) => url.startsWith(prefix));
}

// Log the path only: query strings may carry candidate-link tokens.
function requestForLog(request: { method: string; url: string; id: string }) {
  return { method: request.method, path: request.url.split('?')[0], requestId: request.id };
}
