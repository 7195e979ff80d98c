"""The process admin's console (流程管理员, catalog §6.2; issue 14): deployed definitions with their versions,
usage and running instances (``catalog``), drafts validated and deployed as new versions (``drafts``), the route
a record would take under a version or a draft (``route_preview``), and moving running instances onto a newer
version (``migration``). Only a caller acting as 流程管理员 reaches any of it; every other role gets 404
(``access``). Every change is audited in ``audit_event``.
"""
