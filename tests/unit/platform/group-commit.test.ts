import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../platform/db';
import { GroupCommit } from '../../../platform/group-commit';

let dir = '';
let db: Db;

function open(): GroupCommit {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  db = openDatabase(dir);
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
  return new GroupCommit(db);
}

afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string) => () => db.prepare('INSERT INTO t (id) VALUES (?)').run(id).changes;
const ids = () => (db.prepare('SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((r) => r.id);

describe('group commit of the platform', () => {
  it('commits the writes asked for in one turn together, in the order asked', async () => {
    const group = open();
    const transactions = vi.spyOn(db, 'transaction');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => group.run(insert(`k${String(i).padStart(2, '0')}`))));
    expect(results).toEqual(Array.from({ length: 50 }, () => 1));
    // One outer transaction for the group, and one savepoint per write inside it.
    expect(transactions).toHaveBeenCalledTimes(51);
    expect(ids()).toHaveLength(50);
  });

  it('rolls back a write that throws alone, and fails only its request', async () => {
    const group = open();
    const failing = () => {
      db.prepare('INSERT INTO t (id) VALUES (?)').run('half-done');
      throw new Error('refused');
    };
    const [a, b, c] = await Promise.allSettled([group.run(insert('a')), group.run(failing), group.run(insert('c'))]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(c).toEqual({ status: 'fulfilled', value: 1 });
    expect(ids()).toEqual(['a', 'c']);
  });

  it('answers nobody before the commit: a write that breaks a constraint at commit fails every request of its group', async () => {
    const group = open();
    db.exec('CREATE TABLE child (parent TEXT REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)');
    const orphan = () => db.prepare('INSERT INTO child (parent) VALUES (?)').run('nobody').changes;
    const settled = await Promise.allSettled([group.run(insert('x')), group.run(orphan)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(ids()).toEqual([]);
  });
});
