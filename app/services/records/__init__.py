"""Records: 新增/保存/提交/删除 (lifecycle), data preparation, lists and queries, record types, 调整, 引用, 撤回, 导出."""
