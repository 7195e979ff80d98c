import { loginPath } from "./RequireAuth";
import { safeNext } from "../pages/login/LoginPage";

describe("session expiry → login → back", () => {
  it("sends the person to /login with the page to come back to", () => {
    expect(loginPath({ pathname: "/types/T04", search: "?x=1" })).toBe("/login?next=%2Ftypes%2FT04%3Fx%3D1");
    expect(loginPath({ pathname: "/", search: "" })).toBe("/login");
    expect(loginPath({ pathname: "/login", search: "?next=%2Fmy" })).toBe("/login");
  });

  it("follows only same-site paths after login", () => {
    expect(safeNext("/records/12")).toBe("/records/12");
    expect(safeNext("https://evil.example/")).toBeNull();
    expect(safeNext("//evil.example/")).toBeNull();
    expect(safeNext("/login?next=/my")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
