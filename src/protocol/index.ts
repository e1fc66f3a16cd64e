/**
 * The one typed contract between the VS Code client, the engine and the trainer's event stream.
 * Both sides import the method names and payload types from here (`src/protocol`); nothing else defines them.
 */
export * from './trainerEvents';
export * from './runs';
export * from './datasets';
export * from './engine';
export * from './methods';
export * from './evaluation';
