/**
 * The province administrator's commune boundary upload (`POST /api/map/boundaries`): a GeoJSON
 * file, gzip-compressed in the browser, with its licence and attribution.
 */
import { today } from '@epilink/core';
import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api.ts';

async function gzipBase64(file: File): Promise<string> {
  const stream = file.stream().pipeThrough(new CompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function BoundaryUpload() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ ok: boolean; text: string; details?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (key: string) => {
      const v = form.get(key);
      return typeof v === 'string' ? v : '';
    };
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return;
    setBusy(true);
    setResult(null);
    try {
      const geojsonGzip = await gzipBase64(file);
      if (geojsonGzip.length > 900_000) {
        setResult({ ok: false, text: t('map.upload.tooLarge') });
        return;
      }
      const loaded = await request<{ features: number; missing: number }>('POST', '/api/map/boundaries', {
        unitsAsOf: text('unitsAsOf'),
        licence: text('licence'),
        attribution: text('attribution'),
        geojsonGzip,
      });
      setResult({
        ok: true,
        text: t('map.upload.done', { count: loaded.features, missing: loaded.missing }),
      });
    } catch (err) {
      setResult({
        ok: false,
        text: err instanceof Error ? err.message : String(err),
        details: err instanceof ApiError ? err.details.map((d) => d.message) : [],
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="boundary-upload">
      <h2 id="boundary-upload">{t('map.upload.title')}</h2>
      <p className="hint">{t('map.upload.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label className="field">
          <span>{t('map.upload.file')}</span>
          <input
            type="file"
            name="file"
            accept=".geojson,.json,application/geo+json,application/json"
            required
          />
        </label>
        <label className="field">
          <span>{t('map.upload.unitsAsOf')}</span>
          <input type="date" name="unitsAsOf" defaultValue={today()} required />
        </label>
        <label className="field">
          <span>{t('map.upload.licence')}</span>
          <input type="text" name="licence" maxLength={200} required />
        </label>
        <label className="field">
          <span>{t('map.upload.attribution')}</span>
          <input type="text" name="attribution" maxLength={300} required />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('map.upload.submit')}
        </button>
      </form>
      {result && (
        <div role={result.ok ? 'status' : 'alert'} className={result.ok ? 'success' : 'error'}>
          <p>{result.text}</p>
          {result.details && result.details.length > 0 && (
            <ul>
              {result.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
