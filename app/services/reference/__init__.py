"""Reference data (catalog §0.2: [designed] enum values are starting values the school maintains; §1.3.1
T01 课程名称 from the course catalogue, 学年学期 from the term calendar; §1.3.0 the default 考核年度).

- ``lists``: which reference lists exist (the ``x-reference`` names of the deployed forms) and their labels;
- ``values``: what forms offer now and what a record's data may hold (``resolved_form``), the term calendar,
  the default 考核年度;
- ``maintenance``: the 系统管理员's changes (add, edit, retire, restore, delete when unused), each audited;
- ``seeding``: the starting values loaded when a list is first deployed.
"""
