/**
 * A chart of the analysis page with its two exports (issue #14 item 7): the picture as PNG and the
 * data behind it as xlsx. The chart is its children (an `EChart`); the PNG is made from the SVG it
 * renders. The buttons are named after the chart, so each is found by its label.
 */
import type { ReactNode } from 'react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob, sheetsToXlsx, svgToPng } from './download.ts';
import type { Sheet } from './download.ts';

export function ExportableChart({
  title,
  fileName,
  sheets,
  children,
}: {
  /** The chart's title (buttons' names and the PNG's heading). */
  title: string;
  /** File name without extension. */
  fileName: string;
  /** The data, built when asked. */
  sheets: () => Sheet[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const k = (key: string) => t(`analyticsExportsWeb.${key}`, { chart: title });
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState('');
  const run = (make: () => Promise<Blob>, extension: string) => {
    setError('');
    make().then(
      (blob) => {
        saveBlob(blob, `${fileName}.${extension}`);
      },
      () => {
        setError(k('failed'));
      },
    );
  };
  return (
    <div ref={box} className="analytics-export">
      {children}
      <p className="analytics-export__buttons">
        <button
          type="button"
          className="button button--secondary"
          aria-label={k('pngOf')}
          onClick={() => {
            const svg = box.current?.querySelector('svg');
            run(() => (svg ? svgToPng(svg, title) : Promise.reject(new Error('no chart'))), 'png');
          }}
        >
          {k('png')}
        </button>{' '}
        <button
          type="button"
          className="button button--secondary"
          aria-label={k('xlsxOf')}
          onClick={() => {
            run(() => sheetsToXlsx(sheets()), 'xlsx');
          }}
        >
          {k('xlsx')}
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
