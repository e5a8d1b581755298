// Owns the one type the fastify helpers accept. Apps build fastify with their own pino logger
// (and sometimes a type provider), which makes their instance type differ from the default
// `FastifyInstance`; the helpers only add GET routes, so they accept an instance of any flavour.
import type { FastifyInstance } from 'fastify';

export type FastifyHost = FastifyInstance<any, any, any, any, any>;
