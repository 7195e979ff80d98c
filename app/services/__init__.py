"""Use cases. Each state-changing function is one transaction (``uow.unit_of_work``)."""
