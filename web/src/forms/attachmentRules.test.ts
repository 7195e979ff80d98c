import { checkFile, rulesOf } from "./attachmentRules";

describe("attachment rules (catalog §0.4, x-attachment)", () => {
  it("uses the catalog defaults unless the field overrides them", () => {
    expect(rulesOf({})).toEqual({ types: ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"], maxMb: 10, maxFiles: undefined });
    expect(rulesOf({ types: ["doc", "docx"], max_mb: 5, max_files: 1 })).toEqual({ types: ["doc", "docx"], maxMb: 5, maxFiles: 1 });
  });

  it("refuses a wrong extension, an oversized file and one file too many with a Chinese message", () => {
    const word = rulesOf({ types: ["doc", "docx"], max_files: 1 });
    expect(checkFile({ name: "setup.exe", size: 10 }, rulesOf({}), 0)).toBe("只能上传 pdf、jpg、jpeg、png、doc、docx、xls、xlsx 格式的文件");
    expect(checkFile({ name: "综述.PDF", size: 10 }, word, 0)).toBe("只能上传 doc、docx 格式的文件");
    expect(checkFile({ name: "a.pdf", size: 11 * 1024 * 1024 }, rulesOf({}), 0)).toBe("文件大小不能超过 10 MB");
    expect(checkFile({ name: "综述.docx", size: 10 }, word, 1)).toBe("最多上传 1 个文件");
    expect(checkFile({ name: "综述.DOCX", size: 10 }, word, 0)).toBeNull();
  });
});
