"""运维 (operators, catalog §6.2 运维人员): the instance list, the stuck view, the repair actions and the
figures of ``/metrics`` and the operator dashboard (issue 14 item 2).

Only the operator role reaches any of it; every other caller gets a 404 (:func:`access.ensure_operator`).
Each action is one transaction taking the review's row locks (``locks.lock_review``) and writing an
``audit_event`` with who and why.
"""
