"""超时催办 (issue 13): due times of review tasks, the reminder / escalation sweep, and 催办 by the applicant."""
