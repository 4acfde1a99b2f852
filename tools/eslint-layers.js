// A local ESLint rule that enforces the layering by where files live (after VS Code's
// code-layering rule): each import is resolved to the top-level folder it lands in, and each
// layer lists the layers and kinds of package it may use.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Packages that only work in Node (native code, or Node APIs underneath). */
const NODE_PACKAGES = ['serialport', '@serialport/', 'node-hid', 'better-sqlite3', 'ws', '@napi-rs/canvas', 'tsx', 'esbuild', 'vite', 'vitest', '@playwright/test', 'eslint'];
const UI_PACKAGES = ['react', 'react-dom', 'dexie'];

/**
 * Each layer: which other layers it may import, and whether Node built-ins / Node-only packages,
 * Electron, and UI packages are allowed. `drivers/node` is its own layer: the only part of drivers/
 * that may touch Node.
 */
export const LAYERS = {
  common: { imports: ['common'], node: false, electron: false, ui: false },
  drivers: { imports: ['common', 'drivers'], node: false, electron: false, ui: false, nodePackagesAllowed: ['iconv-lite'] },
  'drivers/node': { imports: ['common', 'drivers', 'drivers/node'], node: true, electron: false, ui: false },
  host: { imports: ['common', 'drivers', 'drivers/node', 'host'], node: true, electron: false, ui: false },
  platform: { imports: ['common', 'platform'], node: true, electron: false, ui: false },
  renderer: { imports: ['common', 'renderer'], node: false, electron: false, ui: true },
  'browser-shell': { imports: ['common', 'host', 'browser-shell'], node: true, electron: false, ui: false },
  electron: { imports: ['common', 'host', 'electron'], node: true, electron: true, ui: false },
};

function layerOf(root, file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'drivers' && parts[1] === 'node') return 'drivers/node';
  return parts[0] in LAYERS ? parts[0] : null;
}

function packageKind(spec, layer) {
  if (NODE_BUILTINS.has(spec)) return 'node';
  if (spec === 'electron' || spec.startsWith('electron/')) return 'electron';
  if (layer.nodePackagesAllowed?.some((p) => spec === p || spec.startsWith(`${p}/`))) return 'other';
  if (NODE_PACKAGES.some((p) => spec === p || spec.startsWith(p.endsWith('/') ? p : `${p}/`))) return 'node';
  if (UI_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) return 'ui';
  return 'other';
}

export const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [], messages: { bad: 'Bad layering: {{from}}/ may not import {{what}}.' } },
      create(context) {
        const root = context.cwd;
        const from = layerOf(root, context.filename);
        if (!from) return {};
        const layer = LAYERS[from];
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          if (spec.startsWith('.')) {
            const target = layerOf(root, resolve(dirname(context.filename), spec));
            if (target && !layer.imports.includes(target)) context.report({ node, messageId: 'bad', data: { from, what: `${target}/` } });
            return;
          }
          const kind = packageKind(spec, layer);
          if ((kind === 'node' && !layer.node) || (kind === 'electron' && !layer.electron) || (kind === 'ui' && !layer.ui)) {
            context.report({ node, messageId: 'bad', data: { from, what: `${spec} (${kind === 'ui' ? 'UI' : kind === 'node' ? 'Node-only' : 'Electron'})` } });
          }
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
