export * from './render-png';
