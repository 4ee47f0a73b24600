export { CONSOLE_CSP } from './console.controller.js';
export { ConsoleModule } from './console.module.js';
