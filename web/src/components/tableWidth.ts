// The scroll width of a list table whose columns carry widths (antd fixed layout squeezes them otherwise).

/**
 * The sum of the column widths (a column without a numeric width counts as 110 px), at least 960 px:
 * given as the table's scroll.x, no column is squeezed below its width, so dates and times show whole.
 */
export function tableWidth(columns: readonly { width?: number | string }[]): number {
  return Math.max(960, columns.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : 110), 0));
}
