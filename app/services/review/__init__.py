"""Review: the inbox, completing user tasks (审核通过/退回/终止), and applying engine steps to tasks and the trail."""
