/** The lint rule that keeps the layers apart: the page never imports Node or Electron; drivers never import UI. */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layering', () => {
  it('forbids Node and Electron in the page', async () => {
    expect(await layeringErrors('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).not.toEqual([]);
    expect(await layeringErrors('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).not.toEqual([]);
    expect((await layeringErrors('renderer/src/x.ts', "import { SamReader } from '../../drivers/idcard';\nexport const x = SamReader;\n"))[0]).toMatch(/Bad layering/);
  });

  it('forbids UI, Electron and the host in drivers, and Node outside drivers/node', async () => {
    expect(await layeringErrors('drivers/idcard/x.ts', "import { App } from '../../renderer/src/app/App';\nexport const x = App;\n")).not.toEqual([]);
    expect(await layeringErrors('drivers/idcard/x.ts', "import React from 'react';\nexport const x = React;\n")).not.toEqual([]);
    expect(await layeringErrors('drivers/idcard/x.ts', "import { open } from 'node:fs/promises';\nexport const x = open;\n")).not.toEqual([]);
    expect(await layeringErrors('drivers/node/x.ts', "import { open } from 'node:fs/promises';\nexport const x = open;\n")).toHaveLength(0);
  });

  it('keeps common/ free of every other layer and of Node', async () => {
    expect(await layeringErrors('common/x.ts', "import { join } from 'node:path';\nexport const x = join;\n")).not.toEqual([]);
    expect(await layeringErrors('common/x.ts', "import { startDeviceHost } from '../host/device-host';\nexport const x = startDeviceHost;\n")).not.toEqual([]);
  });

  it('keeps the host free of Electron, so it also runs as a plain Node process', async () => {
    expect(await layeringErrors('host/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).not.toEqual([]);
  });
});
