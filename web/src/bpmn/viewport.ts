// Where the 流程图 opens (pure): readable, and centred on where the record is when the whole does not fit.

export interface Box { x: number; y: number; width: number; height: number }

/** A shape of the diagram, in diagram units (connections have no x/y). */
export interface Placed { x?: number; y?: number; width?: number; height?: number }

/** The least scale at which the diagram's 12 px labels stay readable: a wider process opens at this scale,
 *  centred on the current step, and is panned by dragging (放大 / 缩小 / 适应窗口 beside it). */
export const READABLE_SCALE = 0.85;

/** The scale to open at: the scale that fits the whole diagram when it is readable, else the readable one. */
export function openingScale(fitScale: number): number {
  return Math.max(fitScale, READABLE_SCALE);
}

/** `box` moved so that `element`'s centre is its centre (unchanged without a placed element), yet kept over
 *  the diagram (`inner`, its bounds): no blank beyond an edge when the element lies near it. */
export function centredOn(element: Placed | undefined, box: Box, inner?: Box): Box {
  if (!element || element.x === undefined || element.y === undefined) return box;
  const cx = element.x + (element.width ?? 0) / 2, cy = element.y + (element.height ?? 0) / 2;
  const within = (start: number, size: number, from: number, span: number) =>
    span <= size ? from + (span - size) / 2 : Math.min(Math.max(start, from), from + span - size);
  let x = cx - box.width / 2, y = cy - box.height / 2;
  if (inner) {
    x = within(x, box.width, inner.x, inner.width);
    y = within(y, box.height, inner.y, inner.height);
  }
  return { x, y, width: box.width, height: box.height };
}
