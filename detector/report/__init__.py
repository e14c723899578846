"""Stage 4, reporting: findings written for people and tools.

`formats`: text, JSON, JSONL, GitHub annotations, JUnit XML and per-rule statistics; `sarif`:
SARIF 2.1.0 for code-scanning tools."""
