/** The AppError a call fails with; the test fails if the call succeeds or throws anything else. */
import { AppError } from '../core/errors.js';

export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an AppError');
}
