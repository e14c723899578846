"""Stage 5, an application: `detect serve`, LanguageTool's HTTP API (`/v2/check`, `/v2/languages`)
answered with our findings, so that LanguageTool's clients (LibreOffice, LTeX, the browser add-on,
language_tool_python) show them; optionally merged with a real LanguageTool server's matches."""
