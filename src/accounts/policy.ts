/** Password rules (等保2.0 level 3): length, character classes, not the user name, not recently used. */
import { fieldError } from '../core/errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const PASSWORD_HISTORY = 5;

const CLASSES: Array<[RegExp, string]> = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^a-zA-Z0-9]/, '符号'],
];

export const PASSWORD_RULE = `至少${MIN_PASSWORD_LENGTH}位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名`;

/** Throws a 400 naming `field` when the password breaks a rule. */
export function checkPasswordPolicy(password: string, username: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 128) throw fieldError(field, `密码长度应为 ${MIN_PASSWORD_LENGTH} 到 128 位`);
  const classes = CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < 3) throw fieldError(field, `密码过于简单：${PASSWORD_RULE}`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) throw fieldError(field, '密码不能包含用户名');
}
