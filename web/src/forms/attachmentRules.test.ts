import { checkFile, rulesOf } from "./attachmentRules";

describe("attachment rules (catalog §0.4, x-attachment)", () => {
  it("uses the catalog defaults unless the field overrides them", () => {
    expect(rulesOf({})).toEqual({ types: ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"], maxMb: 10, maxFiles: undefined });
    expect(rulesOf({ types: ["doc", "docx"], max_mb: 5, max_files: 1 })).toEqual({ types: ["doc", "docx"], maxMb: 5, maxFiles: 1 });
  });

  it("refuses a wrong extension, an oversized file and one file too many naming the field and the file, as the server does", () => {
    const word = rulesOf({ types: ["doc", "docx"], max_files: 1 });
    expect(checkFile({ name: "x.exe", size: 10 }, rulesOf({}), 0, "附件"))
      .toBe("附件：文件 x.exe 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx");
    expect(checkFile({ name: "noextension", size: 10 }, rulesOf({}), 0, "佐证材料"))
      .toBe("佐证材料：文件 noextension 类型不允许，仅支持 pdf/jpg/jpeg/png/doc/docx/xls/xlsx");
    expect(checkFile({ name: "综述.PDF", size: 10 }, word, 0, "论文查重附件")).toBe("论文查重附件：文件 综述.PDF 类型不允许，仅支持 doc/docx");
    expect(checkFile({ name: "a.pdf", size: 11 * 1024 * 1024 }, rulesOf({}), 0, "附件")).toBe("附件：文件 a.pdf 超过 10 MB");
    expect(checkFile({ name: "综述.docx", size: 10 }, word, 1, "论文查重附件")).toBe("论文查重附件：最多只能上传 1 个文件");
    expect(checkFile({ name: "综述.DOCX", size: 10 }, word, 0, "论文查重附件")).toBeNull();
  });
});
