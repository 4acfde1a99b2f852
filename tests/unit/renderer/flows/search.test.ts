import { describe, expect, it } from 'vitest';
import { buildSearchIndex, score, searchCatalog } from '../../../../renderer/src/flows/search';
import { catalog } from './fixtures';
import { searchKeysFor } from '../../../../host/citizen/search-keys';

const index = buildSearchIndex(catalog.items, searchKeysFor(catalog.items));

describe('catalog search', () => {
  it('finds 社会保险参保缴费证明 first by the pinyin initials sbzm', () => {
    expect(searchCatalog(index, 'sbzm')[0]?.name).toBe('社会保险参保缴费证明（个人）');
  });

  it('computes initials at runtime, so sbzm matches even without the keyword', () => {
    const entry = index.find((e) => e.name.startsWith('社会保险参保缴费证明'))!;
    expect(entry.initials).toBe('shbxcbjfzmgr'); // （个人） included
    expect(score({ ...entry, keywords: [] }, 'sbzm')).toBeGreaterThan(0);
  });

  it('accepts Chinese, full pinyin and upper case', () => {
    expect(searchCatalog(index, '社保')[0]?.name).toContain('社会保险');
    expect(searchCatalog(index, '公积金').every((i) => i.name.includes('公积金'))).toBe(true);
    expect(searchCatalog(index, 'SBZM')[0]?.name).toContain('社会保险参保缴费证明');
    expect(searchCatalog(index, 'gaoling').map((i) => i.name)).toContain('高龄老人津贴申请');
  });

  it('finds nothing for nonsense and for an empty query', () => {
    expect(searchCatalog(index, 'qqqqqq')).toEqual([]);
    expect(searchCatalog(index, '  ')).toEqual([]);
  });
});
