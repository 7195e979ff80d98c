// The scroll width of a list table whose columns carry widths (antd fixed layout squeezes them otherwise).

/**
 * The sum of the column widths (a column without a numeric width counts as 110 px), at least 960 px:
 * given as the table's scroll.x, no column is squeezed below its width, so dates and times show whole.
 */
export function tableWidth(columns: readonly { width?: number | string }[]): number {
  return Math.max(960, columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : 110), 0));
}

/**
 * The least width of a table whose columns without a numeric width share the room left by the others:
 * the sized columns at their widths, each unsized one at `unsized` px, plus `extra` (a selection column).
 * Narrower than that the table scrolls; wider, the unsized columns grow.
 */
export function minTableWidth(columns: readonly { width?: number | string }[], unsized: number, extra = 0): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : unsized), extra);
}
