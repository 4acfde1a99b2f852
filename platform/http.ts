/**
 * What a handler answers, before it is written to the socket (or, under the drop-after-commit
 * fault, not written at all). Errors are RFC 9457 problem details with a stable `code`.
 */
import type { FieldError } from './contract';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, raw bytes, or nothing. */
  body?: unknown;
  /** When set, the body is sent as `application/problem+json`. */
  problem?: boolean;
  /** Close the connection after answering (e.g. an over-large body that was not read). */
  close?: boolean;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface ProblemExtras {
  missing?: string[];
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(status: number, code: string, detail?: string, extras: ProblemExtras = {}, headers?: Record<string, string>): Reply {
  const body: Record<string, unknown> = {
    type: `https://intake.example.gov.cn/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail !== undefined ? { detail } : {}),
    ...extras,
  };
  return { status, body, problem: true, ...(headers ? { headers } : {}) };
}

export function invalid(errors: FieldError[], detail = 'The request body does not match the contract.'): Reply {
  return problem(422, 'invalid-request', detail, { errors });
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

/** Thrown by body readers; turned into a problem by the dispatcher. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`reply ${reply.status}`);
  }
}
