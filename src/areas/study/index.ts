// 学法用法 — report section (一)
export { meeting } from './meeting.js';
export { studySession } from './study-session.js';
export { lawCatalog } from './law-catalog.js';
export { lawExam } from './law-exam.js';
