import { getActiveRole, pickActiveRole, setActiveRole } from "./session";
import { sessionHeaders } from "./client";

describe("active role", () => {
  afterEach(() => setActiveRole(null));

  it("keeps the stored role while the person holds it, else takes his first role", () => {
    expect(pickActiveRole("unit_admin", ["teacher", "unit_admin"])).toBe("unit_admin");
    expect(pickActiveRole("hr_reviewer", ["teacher", "unit_admin"])).toBe("teacher");
    expect(pickActiveRole(null, ["dept_reviewer"])).toBe("dept_reviewer");
    expect(pickActiveRole("teacher", [])).toBeNull();
  });

  it("sends X-Active-Role on every request once chosen", async () => {
    expect(await sessionHeaders("GET")).toEqual({});
    setActiveRole("unit_admin");
    expect(getActiveRole()).toBe("unit_admin");
    expect(await sessionHeaders("GET")).toEqual({ "X-Active-Role": "unit_admin" });
  });
});
