/**
 * The transmission-chain graph: cases and contacts drawn on one <canvas> (a few thousand nodes
 * stay fluid; no DOM node per person), coloured by F-degree and status, confirmed edges solid and
 * proposed ones dashed. Pan by dragging, zoom with the wheel, a pinch, the buttons or the keyboard;
 * a click on a person selects them and calls `onSelect`. A legend and a cluster table (the text
 * alternative for screen readers) come with it.
 *
 * After the first complete frame of a new graph it sets the User Timing mark
 * `epilink:chain-drawn` (two animation frames later, so the frame was presented); the chain-render
 * benchmark measures from `epilink:chain-data` (set by the page when the data arrived) to it.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PointIndex } from './chainLayout.ts';
import { drawChain, fitView, nodeRadius, zoomAt, type View } from './chainDraw.ts';
import { prepareChain, type ChainGraphData, type ChainNode } from './chainModel.ts';
import { ChainClusters } from './ChainClusters.tsx';
import { ChainLegend } from './ChainLegend.tsx';
import { useDegreeLabel } from './labels.ts';
import './cases.css';

/** Mark names of the chain-render measurement (User Timing API). */
export const CHAIN_DATA_MARK = 'epilink:chain-data';
export const CHAIN_DRAWN_MARK = 'epilink:chain-drawn';

export interface ChainGraphProps {
  graph: ChainGraphData;
  /** Called when a person is clicked on the canvas or chosen in the cluster table. */
  onSelect?: (node: ChainNode) => void;
  /** In-app path of a person (their case or person page), for links in the table and the selection. */
  hrefFor?: (node: ChainNode) => string;
  /** Person ID to centre on and ring. */
  focusId?: string | null;
  /** Change it to centre on the same person again (after the user moved the view). */
  focusKey?: number;
  /** Canvas height in CSS pixels (default: 60 % of the window, 280-640). */
  height?: number;
}

function defaultHeight(): number {
  const h = typeof window === 'undefined' ? 480 : window.innerHeight * 0.6;
  return Math.round(Math.min(640, Math.max(280, h)));
}

export function ChainGraph({ graph, onSelect, hrefFor, focusId, focusKey = 0, height }: ChainGraphProps) {
  const { t } = useTranslation();
  const degreeLabel = useDegreeLabel();
  const prepared = useMemo(() => prepareChain(graph), [graph]);
  const index = useRef<{ of: unknown; index: PointIndex } | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<View | null>(null);
  const moved = useRef(false);
  const frame = useRef(0);
  const [size, setSize] = useState<{ width: number; height: number }>(() => ({
    width: 0,
    height: height ?? defaultHeight(),
  }));
  // The selection is a person ID, so it survives a live reload of the graph.
  const [selected, setSelected] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);

  const paint = useCallback(() => {
    const c = canvas.current;
    const v = view.current;
    if (!c || !v || size.width === 0) return;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const ring = selectedRef.current === null ? -1 : (prepared.indexOf.get(selectedRef.current) ?? -1);
    // How many cases carry their label, for tests and tools reading the canvas from outside.
    c.dataset.caseLabels = String(drawChain(ctx, prepared, v, size.width, size.height, dpr, ring));
  }, [prepared, size]);

  const schedule = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      paint();
    });
  }, [paint]);

  // Follow the container's width.
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const width = Math.floor(el.clientWidth);
      setSize((s) => (s.width === width ? s : { ...s, width }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      ro.disconnect();
    };
  }, []);

  // Size the backing store, fit (unless the user moved the view), draw now, then mark the frame.
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c || size.width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(size.height * dpr);
    if (!moved.current || !view.current) view.current = fitView(prepared, size.width, size.height);
    paint();
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        performance.mark(CHAIN_DRAWN_MARK, { detail: { nodes: prepared.data.nodes.length } });
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [prepared, size, paint]);

  useEffect(
    () => () => {
      if (frame.current !== 0) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Centre on the focused person (once per new focus: a live reload keeps the user's view).
  const focused = useRef<string | null>(null);
  useEffect(() => {
    const wanted = focusId ? `${focusId}#${focusKey}` : null;
    if (!focusId || size.width === 0 || focused.current === wanted) return;
    const i = prepared.indexOf.get(focusId);
    if (i === undefined) return;
    focused.current = wanted;
    const scale = Math.max(view.current?.scale ?? 1, 1.2);
    view.current = {
      scale,
      tx: size.width / 2 - prepared.layout.x[i]! * scale,
      ty: size.height / 2 - prepared.layout.y[i]! * scale,
    };
    moved.current = true;
    selectedRef.current = focusId;
    schedule();
  }, [focusId, focusKey, prepared, size, schedule]);

  const pick = (clientX: number, clientY: number) => {
    const c = canvas.current;
    const v = view.current;
    if (!c || !v) return;
    if (index.current?.of !== prepared.layout) {
      index.current = { of: prepared.layout, index: new PointIndex(prepared.layout) };
    }
    const rect = c.getBoundingClientRect();
    const wx = (clientX - rect.left - v.tx) / v.scale;
    const wy = (clientY - rect.top - v.ty) / v.scale;
    const reach = Math.max(nodeRadius(v, true) + 4, 8) / v.scale;
    const i = index.current.index.nearest(wx, wy, reach);
    const id = i >= 0 ? prepared.data.nodes[i]!.id : null;
    setSelected(id);
    selectedRef.current = id;
    schedule();
    if (i >= 0) onSelect?.(prepared.data.nodes[i]!);
  };

  // Pointer gestures: one pointer pans (or clicks), two pinch-zoom.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const downAt = useRef<{ x: number; y: number; travelled: number } | null>(null);
  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    downAt.current = pointers.current.size === 1 ? { x: e.clientX, y: e.clientY, travelled: 0 } : null;
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const prev = pointers.current.get(e.pointerId);
    const v = view.current;
    if (!prev || !v) return;
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.entries()];
      const other = a![0] === e.pointerId ? b![1] : a![1];
      const before = Math.hypot(prev.x - other.x, prev.y - other.y);
      const after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
      const rect = e.currentTarget.getBoundingClientRect();
      if (before > 0)
        view.current = zoomAt(
          v,
          after / before,
          (e.clientX + other.x) / 2 - rect.left,
          (e.clientY + other.y) / 2 - rect.top,
        );
    } else {
      view.current = { ...v, tx: v.tx + e.clientX - prev.x, ty: v.ty + e.clientY - prev.y };
      if (downAt.current)
        downAt.current.travelled += Math.abs(e.clientX - prev.x) + Math.abs(e.clientY - prev.y);
    }
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    moved.current = true;
    schedule();
  };
  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const start = downAt.current;
    pointers.current.delete(e.pointerId);
    if (start && start.travelled < 5 && pointers.current.size === 0) pick(e.clientX, e.clientY);
    downAt.current = null;
  };

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      const v = view.current;
      if (!v) return;
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      view.current = zoomAt(v, Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
      moved.current = true;
      schedule();
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      c.removeEventListener('wheel', onWheel);
    };
  }, [schedule]);

  const zoomBy = (factor: number) => {
    const v = view.current;
    if (!v) return;
    view.current = zoomAt(v, factor, size.width / 2, size.height / 2);
    moved.current = true;
    schedule();
  };
  const fit = () => {
    view.current = fitView(prepared, size.width, size.height);
    moved.current = false;
    schedule();
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const v = view.current;
    if (!v) return;
    const step = 60;
    const pan: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const d = pan[e.key];
    if (d) {
      view.current = { ...v, tx: v.tx + d[0], ty: v.ty + d[1] };
      moved.current = true;
      schedule();
    } else if (e.key === '+' || e.key === '=') zoomBy(1.3);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / 1.3);
    else if (e.key === '0') fit();
    else return;
    e.preventDefault();
  };

  const counts = useMemo(() => {
    let cases = 0;
    let confirmed = 0;
    let proposed = 0;
    for (const n of graph.nodes) {
      if (n.degree === 0) cases++;
      else if (n.degree !== null) confirmed++;
      else if (n.proposedDegree !== null) proposed++;
    }
    return { cases, confirmed, proposed };
  }, [graph]);

  const chosenIndex = selected === null ? undefined : prepared.indexOf.get(selected);
  const chosen = chosenIndex === undefined ? undefined : prepared.data.nodes[chosenIndex];
  const canvasLabel = t('casesWeb.chain.canvas', {
    nodes: graph.nodes.length,
    edges: prepared.edgeFrom.length,
    clusters: prepared.layout.components.length,
  });
  return (
    <div className="chain">
      <p className="chain__summary" role="status" data-testid="chain-summary">
        {t('casesWeb.chain.summary', counts)}
      </p>
      <div className="chain__tools" role="group" aria-label={t('casesWeb.chain.title')}>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            zoomBy(1.3);
          }}
        >
          {t('casesWeb.chain.zoomIn')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            zoomBy(1 / 1.3);
          }}
        >
          {t('casesWeb.chain.zoomOut')}
        </button>
        <button type="button" className="button button--secondary" onClick={fit}>
          {t('casesWeb.chain.fit')}
        </button>
      </div>
      <div ref={wrap} className="chain__canvas-wrap">
        <canvas
          ref={canvas}
          className="chain__canvas"
          style={{ width: size.width, height: size.height }}
          role="img"
          aria-label={canvasLabel}
          aria-describedby="chain-help"
          tabIndex={0}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
          data-testid="chain-canvas"
        />
      </div>
      <p id="chain-help" className="muted small">
        {t('casesWeb.chain.help')}
      </p>
      <p className="chain__selected" aria-live="polite">
        {chosen && (
          <>
            {t('casesWeb.chain.selected', { name: chosen.label, status: degreeLabel(chosen) })}{' '}
            {hrefFor && <Link to={hrefFor(chosen)}>{t('casesWeb.chain.open')}</Link>}
          </>
        )}
      </p>
      <ChainLegend />
      <ChainClusters prepared={prepared} hrefFor={hrefFor} />
    </div>
  );
}
