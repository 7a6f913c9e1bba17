/**
 * Drawing a prepared chain on a 2D canvas: edges batched into two paths (confirmed solid,
 * proposed dashed), nodes batched into one path per style class (cases as squares, contacts as
 * circles, proposed contacts hollow). Cases are labelled whenever their label fits (#19 item 12),
 * contacts only when zoomed in. Everything outside the view is skipped, so a frame of 25,000 nodes
 * costs a few path calls.
 */
import { NODE_CLASSES, NODE_COLOURS, type PreparedChain } from './chainModel.ts';

/** Screen = layout · scale + (tx, ty), in CSS pixels. */
export interface View {
  scale: number;
  tx: number;
  ty: number;
}

/** Room kept around the drawn nodes, in layout units (a node and the start of its label). */
const FIT_MARGIN = 16;

/** The box of the nodes actually drawn (the packing's rows may leave empty room around them). */
export function drawnBounds(p: PreparedChain): { minX: number; minY: number; maxX: number; maxY: number } {
  const { x, y } = p.layout;
  if (x.length === 0) return p.layout.bounds;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  return {
    minX: minX - FIT_MARGIN,
    minY: minY - FIT_MARGIN,
    maxX: maxX + FIT_MARGIN,
    maxY: maxY + FIT_MARGIN,
  };
}

/** The view that fits the drawn graph in a width × height box, centred. */
export function fitView(p: PreparedChain, width: number, height: number): View {
  const { minX, minY, maxX, maxY } = drawnBounds(p);
  const w = Math.max(1, maxX - minX);
  const h = Math.max(1, maxY - minY);
  const scale = Math.min(width / w, height / h, 3) * 0.95;
  return {
    scale,
    tx: (width - w * scale) / 2 - minX * scale,
    ty: (height - h * scale) / 2 - minY * scale,
  };
}

/** Zoom by `factor` keeping the screen point (sx, sy) fixed. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const scale = Math.min(Math.max(view.scale * factor, 0.005), 20);
  const k = scale / view.scale;
  return { scale, tx: sx - (sx - view.tx) * k, ty: sy - (sy - view.ty) * k };
}

/** Radius of a node on screen for a view. */
export function nodeRadius(view: View, isCase: boolean): number {
  return Math.max(isCase ? 2 : 1.5, (isCase ? 5 : 4) * view.scale);
}

/** Contacts are labelled from this zoom on; cases from CASE_LABEL_MIN_SCALE (their labels are fewer). */
const LABEL_MIN_SCALE = 1.1;
const CASE_LABEL_MIN_SCALE = 0.3;
const LABEL_LIMIT = 1500;

/**
 * Draw one frame. `width`/`height` are CSS pixels; the context is scaled by `dpr`.
 * `highlight` is a node index to ring (or -1). Returns how many cases were labelled.
 */
export function drawChain(
  ctx: CanvasRenderingContext2D,
  p: PreparedChain,
  view: View,
  width: number,
  height: number,
  dpr: number,
  highlight: number,
): number {
  const { x, y } = p.layout;
  const { scale, tx, ty } = view;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const pad = 20;
  const inView = (sx: number, sy: number) => sx > -pad && sy > -pad && sx < width + pad && sy < height + pad;

  // Edges: two batched paths.
  ctx.lineWidth = 1;
  for (const confirmed of [0, 1]) {
    ctx.beginPath();
    let any = false;
    for (let e = 0; e < p.edgeFrom.length; e++) {
      if (p.edgeConfirmed[e] !== confirmed) continue;
      const a = p.edgeFrom[e]!;
      const b = p.edgeTo[e]!;
      const ax = x[a]! * scale + tx;
      const ay = y[a]! * scale + ty;
      const bx = x[b]! * scale + tx;
      const by = y[b]! * scale + ty;
      if (
        Math.max(ax, bx) < 0 ||
        Math.max(ay, by) < 0 ||
        Math.min(ax, bx) > width ||
        Math.min(ay, by) > height
      )
        continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      any = true;
    }
    if (!any) continue;
    if (confirmed === 1) {
      ctx.setLineDash([]);
      ctx.strokeStyle = '#4d5656';
    } else {
      ctx.setLineDash(scale >= 0.4 ? [4, 3] : []);
      ctx.strokeStyle = '#bb8fce';
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);

  // Nodes: one path per style class; small nodes become squares (cheaper than arcs, same look).
  const caseR = nodeRadius(view, true);
  const contactR = nodeRadius(view, false);
  const tiny = contactR < 2.5;
  for (let c = 0; c < NODE_CLASSES.length; c++) {
    const name = NODE_CLASSES[c]!;
    const hollow = name === 'proposed';
    ctx.beginPath();
    let any = false;
    for (let i = 0; i < x.length; i++) {
      if (p.cls[i] !== c) continue;
      const sx = x[i]! * scale + tx;
      const sy = y[i]! * scale + ty;
      if (!inView(sx, sy)) continue;
      any = true;
      if (p.isCase[i] === 1) {
        ctx.rect(sx - caseR, sy - caseR, caseR * 2, caseR * 2);
      } else if (tiny) {
        ctx.rect(sx - contactR, sy - contactR, contactR * 2, contactR * 2);
      } else {
        ctx.moveTo(sx + contactR, sy);
        ctx.arc(sx, sy, contactR, 0, Math.PI * 2);
      }
    }
    if (!any) continue;
    if (hollow) {
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = NODE_COLOURS[name];
      ctx.lineWidth = tiny ? 1 : 1.5;
      ctx.stroke();
    } else {
      ctx.fillStyle = NODE_COLOURS[name];
      ctx.fill();
    }
  }

  let caseLabels = 0;
  // Labels when there is room for them: cases first (bold), then contacts when zoomed in.
  if (scale >= CASE_LABEL_MIN_SCALE) {
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    let drawn = 0;
    for (const cases of [1, 0]) {
      if (cases === 0 && scale < LABEL_MIN_SCALE) break;
      ctx.font = cases === 1 ? 'bold 12px system-ui, sans-serif' : '12px system-ui, sans-serif';
      for (let i = 0; i < x.length && drawn < LABEL_LIMIT; i++) {
        if (p.isCase[i] !== cases) continue;
        const sx = x[i]! * scale + tx;
        const sy = y[i]! * scale + ty;
        if (!inView(sx, sy)) continue;
        const text = p.data.nodes[i]!.label;
        const lx = sx + (cases === 1 ? caseR : contactR) + 3;
        // A white halo keeps a label readable over edges.
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 3;
        ctx.strokeText(text, lx, sy);
        ctx.fillStyle = '#1b2631';
        ctx.fillText(text, lx, sy);
        drawn++;
        if (cases === 1) caseLabels++;
      }
    }
  }

  if (highlight >= 0 && highlight < x.length) {
    const sx = x[highlight]! * scale + tx;
    const sy = y[highlight]! * scale + ty;
    ctx.beginPath();
    ctx.arc(sx, sy, caseR + 5, 0, Math.PI * 2);
    ctx.strokeStyle = '#1b2631';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  return caseLabels;
}
