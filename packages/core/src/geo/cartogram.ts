/** A commune to place in the cartogram, with the group (district or health area) it belongs to. */
export interface CartogramCommune {
  code: string;
  group: string;
}

/** A commune's cell: an equal square, in layout units (one cell = 1 × 1, plus gaps). */
export interface CartogramCell {
  code: string;
  group: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A group's frame around its cells. */
export interface CartogramGroup {
  group: string;
  x: number;
  y: number;
  w: number;
  h: number;
  count: number;
}

/** The whole schematic: cells, group frames, and the layout's size. */
export interface CartogramLayout {
  cells: CartogramCell[];
  groups: CartogramGroup[];
  width: number;
  height: number;
}

/** Gap between cells of a group, and between groups (in cells). */
const CELL_GAP = 0.12;
const GROUP_GAP = 0.6;

/**
 * Lay communes out as equal cells grouped by district or health area (a schematic map that needs
 * no commune polygons): each group is a near-square block of cells in code order; blocks are
 * packed in rows, by group code, into a layout about `aspect` times as wide as it is high.
 * Deterministic: the same communes always give the same picture (the web map and the sitrep PDF
 * draw the same one). A commune listed in two groups is placed once, in its first group.
 */
export function cartogramLayout(communes: readonly CartogramCommune[], aspect = 1.4): CartogramLayout {
  const byGroup = new Map<string, string[]>();
  const placed = new Set<string>();
  for (const c of [...communes].sort(
    (a, b) => a.group.localeCompare(b.group) || a.code.localeCompare(b.code),
  )) {
    if (placed.has(c.code)) continue;
    placed.add(c.code);
    byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c.code]);
  }
  const blocks = [...byGroup].map(([group, codes]) => {
    const cols = Math.max(1, Math.ceil(Math.sqrt(codes.length)));
    const rows = Math.ceil(codes.length / cols);
    return { group, codes, cols, rows, w: cols + (cols - 1) * CELL_GAP, h: rows + (rows - 1) * CELL_GAP };
  });
  const area = blocks.reduce((s, b) => s + (b.w + GROUP_GAP) * (b.h + GROUP_GAP), 0);
  const maxBlock = blocks.reduce((m, b) => Math.max(m, b.w), 0);
  const rowWidth = Math.max(maxBlock, Math.sqrt(area * aspect));
  const cells: CartogramCell[] = [];
  const groups: CartogramGroup[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const b of blocks) {
    if (x > 0 && x + b.w > rowWidth + 1e-9) {
      x = 0;
      y += rowHeight + GROUP_GAP;
      rowHeight = 0;
    }
    b.codes.forEach((code, i) => {
      const col = i % b.cols;
      const row = Math.floor(i / b.cols);
      cells.push({
        code,
        group: b.group,
        x: x + col * (1 + CELL_GAP),
        y: y + row * (1 + CELL_GAP),
        w: 1,
        h: 1,
      });
    });
    groups.push({ group: b.group, x, y, w: b.w, h: b.h, count: b.codes.length });
    width = Math.max(width, x + b.w);
    rowHeight = Math.max(rowHeight, b.h);
    x += b.w + GROUP_GAP;
  }
  return { cells, groups, width, height: blocks.length === 0 ? 0 : y + rowHeight };
}

/** The cells of the cartogram (see cartogramLayout), for drawing with any renderer. */
export function cartogramCells(communes: readonly CartogramCommune[], aspect = 1.4): CartogramCell[] {
  return cartogramLayout(communes, aspect).cells;
}

/**
 * Scale a layout into a box (a PDF frame, pixels) keeping its proportions, centred; y grows
 * downwards as in the layout.
 */
export function fitCartogram(
  layout: CartogramLayout,
  box: { x: number; y: number; width: number; height: number },
): CartogramLayout {
  if (layout.width === 0 || layout.height === 0) return { ...layout, width: 0, height: 0 };
  const k = Math.min(box.width / layout.width, box.height / layout.height);
  const ox = box.x + (box.width - layout.width * k) / 2;
  const oy = box.y + (box.height - layout.height * k) / 2;
  const move = <T extends { x: number; y: number; w: number; h: number }>(r: T): T => ({
    ...r,
    x: ox + r.x * k,
    y: oy + r.y * k,
    w: r.w * k,
    h: r.h * k,
  });
  return {
    cells: layout.cells.map(move),
    groups: layout.groups.map(move),
    width: layout.width * k,
    height: layout.height * k,
  };
}
