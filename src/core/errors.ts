/**
 * Errors with stable ids. Clients switch on `id`; people read `message` (Chinese);
 * `field` names the input that caused it, when there is one.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
    readonly details?: FieldProblem[],
    readonly extra?: Record<string, unknown>,
    /** `cause`: the library's or system's error behind the message, kept for the server log, never sent. */
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  toJSON() {
    return {
      error: {
        id: this.id,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.details && this.details.length > 1 ? { details: this.details } : {}),
        ...this.extra,
      },
    };
  }
}

export const ValidationError = (problems: FieldProblem[]) => {
  const first = problems[0] ?? { field: '', message: '输入有误' };
  return new AppError(400, 'validation', first.message, first.field || undefined, problems);
};

/** 422: the input is well formed, but the statutory procedure does not allow it (a step out of order). */
export const ProcedureRefused = (problems: FieldProblem[]) => {
  const first = problems[0] ?? { field: '', message: '不符合法定程序' };
  return new AppError(422, 'procedure', first.message, first.field || undefined, problems);
};

export const fieldError = (field: string, message: string) => ValidationError([{ field, message }]);

export const NotFound = (what = '记录') => new AppError(404, 'not_found', `${what}不存在或不在您的管辖范围内`);

export const UnknownKind = (kind: string) => new AppError(404, 'unknown_kind', `没有名为“${kind}”的台账类型`);

export const Unauthenticated = () => new AppError(401, 'unauthenticated', '请先登录');

export const Forbidden = (message = '您的角色无权执行此操作') => new AppError(403, 'forbidden', message);

export const Conflict = (message: string, extra?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, 'version', undefined, extra);

/** 429: the caller's allowance for this kind of request is spent for now; `retryAfterSeconds` says when it returns. */
export const RateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', message, undefined, undefined, { retryAfterSeconds });

export const PayloadTooLarge = (message: string) => new AppError(413, 'too_large', message, 'file');

export const UnsupportedType = (message: string) => new AppError(415, 'unsupported_type', message, 'file');
