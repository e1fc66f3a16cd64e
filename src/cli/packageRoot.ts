/** The installed package's root folder: the engine's (dist/alw.js and dist/engine.js are both one level below it). */
export { packageRoot } from '../engine/shared/packageRoot';
