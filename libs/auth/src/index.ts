export { IS_PUBLIC_KEY, Public } from './public.decorator.js';
