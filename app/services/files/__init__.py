"""Files: attachment uploads and their rules, downloads, and the sweep of files left in no row."""
