import { READABLE_SCALE, centredOn, openingScale } from "./viewport";

describe("openingScale", () => {
  it("keeps the fitting scale while it is readable and never opens smaller than the readable one", () => {
    expect(openingScale(1)).toBe(1);
    expect(openingScale(0.9)).toBe(0.9);
    expect(openingScale(0.55)).toBe(READABLE_SCALE);
  });
});

describe("centredOn", () => {
  const box = { x: 0, y: 0, width: 800, height: 400 };

  it("puts the element's centre in the middle of the box, keeping the box's size", () => {
    expect(centredOn({ x: 1000, y: 300, width: 100, height: 80 }, box)).toEqual({ x: 650, y: 140, width: 800, height: 400 });
  });

  it("keeps the box over the diagram when the element lies near its edge", () => {
    const inner = { x: 0, y: 0, width: 1700, height: 600 };
    expect(centredOn({ x: 1600, y: 500, width: 40, height: 40 }, box, inner)).toEqual({ x: 900, y: 200, width: 800, height: 400 });
    expect(centredOn({ x: 10, y: 10, width: 40, height: 40 }, box, inner)).toEqual({ x: 0, y: 0, width: 800, height: 400 });
    // a side the box is larger than: the diagram centred on it
    expect(centredOn({ x: 10, y: 10, width: 40, height: 40 }, box, { x: 0, y: 0, width: 1700, height: 300 }).y).toBe(-50);
  });

  it("leaves the box where it is without a placed element", () => {
    expect(centredOn(undefined, box)).toBe(box);
    expect(centredOn({}, box)).toBe(box);
  });
});
