"""Excel imports (catalog §4.1 unit-admin imports, §4.3 personal template imports).

``unit_imports``: template → upload → mapping → preview → commit (a Celery job with progress);
``personal_imports``: 病案 / 参考文献 templates, all-or-nothing; ``progress``: the commit's progress,
readable while its transaction is still open.
"""
