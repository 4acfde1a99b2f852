/**
 * The catalog of service items, fetched with If-None-Match and kept on disk (with its ETag) in the
 * data directory, so the kiosk shows guides and takes applications with the network down.
 */
import { join } from 'node:path';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { RpcError } from '../../common/ipc/protocol';
import { catalogSchema, type Catalog } from '../../common/ipc/methods/citizen';
import { PlatformUnreachableError, type PlatformClient } from '../platform/platform-client';
import { writeJsonDurably } from '../platform/terminal-service';
import type { Logger } from '../log';

interface CachedCatalog {
  etag: string | null;
  fetchedAt: string;
  catalog: Catalog;
}

export class CatalogCache {
  private cached: CachedCatalog | null;
  private inflight: Promise<{ catalog: Catalog; fromCache: boolean; fetchedAt: string }> | null = null;

  constructor(
    private readonly platform: PlatformClient,
    private readonly stateDir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(stateDir, { recursive: true });
    this.cached = this.readCache();
  }

  private get path(): string {
    return join(this.stateDir, 'catalog.json');
  }

  private readCache(): CachedCatalog | null {
    if (!existsSync(this.path)) return null;
    try {
      const raw = JSON.parse(readFileSync(this.path, 'utf8')) as CachedCatalog;
      const parsed = catalogSchema.safeParse(raw.catalog);
      return parsed.success ? { etag: raw.etag ?? null, fetchedAt: String(raw.fetchedAt), catalog: parsed.data } : null;
    } catch {
      return null;
    }
  }

  /** The current catalog: refreshed from the platform when it answers, else the cached copy. */
  get(): Promise<{ catalog: Catalog; fromCache: boolean; fetchedAt: string }> {
    // Concurrent callers share one request.
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetch(): Promise<{ catalog: Catalog; fromCache: boolean; fetchedAt: string }> {
    const headers: Record<string, string> = {};
    if (this.cached?.etag) headers['if-none-match'] = this.cached.etag;
    try {
      const response = await this.platform.request('GET', '/v1/catalog', { headers });
      if (response.status === 304 && this.cached) {
        this.cached = { ...this.cached, fetchedAt: new Date().toISOString() };
        return { catalog: this.cached.catalog, fromCache: false, fetchedAt: this.cached.fetchedAt };
      }
      if (response.status === 200) {
        const parsed = catalogSchema.safeParse(response.body);
        if (parsed.success) {
          this.cached = { etag: response.headers.get('etag'), fetchedAt: new Date().toISOString(), catalog: parsed.data };
          writeJsonDurably(this.path, this.cached);
          this.log.info('catalog refreshed', { items: parsed.data.items.length, version: parsed.data.version });
          return { catalog: parsed.data, fromCache: false, fetchedAt: this.cached.fetchedAt };
        }
        this.log.warn('the platform sent a catalog of an unexpected shape; keeping the cached one');
      } else {
        this.log.warn('catalog fetch failed', { status: response.status });
      }
    } catch (error) {
      if (!(error instanceof PlatformUnreachableError)) this.log.warn('catalog fetch failed', { reason: (error as Error).message });
    }
    if (this.cached) return { catalog: this.cached.catalog, fromCache: true, fetchedAt: this.cached.fetchedAt };
    throw new RpcError('unavailable', 'No catalog yet: the platform has not been reached since installation.');
  }
}
